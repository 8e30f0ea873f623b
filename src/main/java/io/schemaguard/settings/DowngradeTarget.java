package io.schemaguard.settings;

/**
 * Where a downgrade stops: at a version (every applied migration above it is undone) or after
 * a number of steps (the newest applied migrations). Exactly one of the two.
 *
 * @param version the version to go down to; {@code 0} undoes every versioned migration
 * @param steps   how many of the newest applied migrations to undo
 */
public record DowngradeTarget(String version, Integer steps) {

    public DowngradeTarget {
        version = version == null || version.isBlank() ? null : version.trim();
        if (version == null && steps == null) {
            throw new IllegalArgumentException("schema:downgrade needs to know where to stop: -Dschema.target=<version> undoes every"
                    + " migration above that version, -Dschema.steps=<n> undoes the n newest.");
        }
        if (version != null && steps != null) {
            throw new IllegalArgumentException("Set either target (" + version + ") or steps (" + steps + ") for schema:downgrade, not both.");
        }
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("steps must be 1 or more, not " + steps + ".");
        }
    }

    /** From the goal's parameters as given; a {@code steps} that is not a whole number is refused. */
    public static DowngradeTarget of(String version, String steps) {
        if (steps == null || steps.isBlank()) {
            return new DowngradeTarget(version, null);
        }
        try {
            return new DowngradeTarget(version, Integer.valueOf(steps.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("steps must be a whole number of 1 or more, not '" + steps + "'.");
        }
    }

    public static DowngradeTarget toVersion(String version) {
        return new DowngradeTarget(version, null);
    }

    public static DowngradeTarget steps(int steps) {
        return new DowngradeTarget(null, steps);
    }
}
