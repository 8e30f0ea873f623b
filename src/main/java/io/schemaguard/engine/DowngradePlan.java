package io.schemaguard.engine;

import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.flyway.UndoScript;
import io.schemaguard.flyway.Version;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.DowngradeTarget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which applied migrations a downgrade undoes, each with its undo script, in the reverse of the
 * order they were applied. Everything that would stop the downgrade (an unknown target, a missing
 * undo script, a failed or baseline row in the way) is refused here, before anything is touched.
 */
final class DowngradePlan {
    private static final Set<String> UNDOABLE_TYPES = Set.of("SQL", "JDBC");
    private static final Version NOTHING = Version.of("0", "version");

    private final List<MigrationEntry> applied;
    private final List<DowngradeStep> steps;

    private DowngradePlan(List<MigrationEntry> applied, List<DowngradeStep> steps) {
        this.applied = List.copyOf(applied);
        this.steps = List.copyOf(steps);
    }

    static DowngradePlan of(List<MigrationEntry> entries, List<UndoScript> undoScripts, DowngradeTarget target, String locations) {
        List<MigrationEntry> applied = entries.stream().filter(e -> e.applied() && e.version() != null).toList();
        applied.stream().filter(MigrationEntry::failed).findFirst().ifPresent(failed -> {
            throw new SchemaFailure("A failed migration is recorded in the history: " + failed.script() + " (version " + failed.version()
                    + "). Nothing was changed. Clean up what it left, run mvn schema:repair to remove its"
                    + " failed history row, then run the downgrade again.");
        });
        List<MigrationEntry> toUndo = target.steps() != null ? lastApplied(applied, target.steps()) : above(applied, target.version());
        for (MigrationEntry entry : toUndo) {
            if (!UNDOABLE_TYPES.contains(entry.type())) {
                throw new SchemaFailure("Version " + entry.version() + " is a " + entry.type() + " row of the history (" + entry.description()
                        + "): nothing ran for it that an undo script could reverse, so a downgrade cannot go below it. Nothing was changed.");
            }
        }
        return new DowngradePlan(applied, matchUndoScripts(applied, toUndo, undoScripts, locations));
    }

    private static List<MigrationEntry> lastApplied(List<MigrationEntry> applied, int count) {
        if (count > applied.size()) {
            throw new SchemaFailure("steps=" + count + ", but only " + applied.size() + " versioned migration(s) are applied to this database."
                    + " Nothing was changed.");
        }
        return byRankNewestFirst(applied).subList(0, count);
    }

    private static List<MigrationEntry> above(List<MigrationEntry> applied, String targetText) {
        Version target = Version.of(targetText, "The target");
        Version current = applied.stream().map(e -> Version.of(e.version(), "version")).max(Comparator.naturalOrder()).orElse(NOTHING);
        if (target.isAbove(current)) {
            throw new SchemaFailure("The target version " + target + " is above the current version " + describe(current)
                    + ": a downgrade only goes down (schema:upgrade goes up). Nothing was changed.");
        }
        boolean known = target.equals(NOTHING) || applied.stream().anyMatch(e -> Version.of(e.version(), "version").equals(target));
        if (!known) {
            throw new SchemaFailure("The target version " + target + " was never applied to this database. Applied versions: "
                    + applied.stream().map(MigrationEntry::version).collect(Collectors.joining(", "))
                    + ". Give one of them, or 0 to undo every migration. Nothing was changed.");
        }
        return byRankNewestFirst(applied).stream().filter(e -> Version.of(e.version(), "version").isAbove(target)).toList();
    }

    private static List<MigrationEntry> byRankNewestFirst(List<MigrationEntry> applied) {
        return applied.stream().sorted(Comparator.comparing(MigrationEntry::installedRank).reversed()).toList();
    }

    private static List<DowngradeStep> matchUndoScripts(List<MigrationEntry> applied, List<MigrationEntry> toUndo, List<UndoScript> undoScripts,
                                                        String locations) {
        List<String> missing = new ArrayList<>();
        List<DowngradeStep> matched = new ArrayList<>();
        for (MigrationEntry entry : toUndo) {
            List<UndoScript> candidates = undoScripts.stream().filter(u -> u.undoes(entry.version())).toList();
            if (candidates.size() > 1) {
                throw new SchemaFailure("Version " + entry.version() + " has " + candidates.size() + " undo scripts: "
                        + candidates.stream().map(UndoScript::script).collect(Collectors.joining(", ")) + ". Keep one. Nothing was changed.");
            }
            if (candidates.isEmpty()) {
                missing.add("  " + entry.fileName() + " needs " + UndoScript.expectedName(entry.version(), entry.description()));
            } else {
                matched.add(new DowngradeStep(entry, candidates.get(0)));
            }
        }
        if (!missing.isEmpty()) {
            throw new SchemaFailure("Cannot downgrade from " + describe(newestVersion(applied, List.of())) + " to " + describe(newestVersion(applied, toUndo))
                    + ": " + missing.size() + " undo script(s) missing:\n" + String.join("\n", missing)
                    + "\nNothing was changed. Add them to " + locations
                    + " (each holds the statements that reverse its migration) and run the downgrade again.");
        }
        return matched;
    }

    List<DowngradeStep> steps() {
        return steps;
    }

    /** The newest applied version now, or null when none is. */
    String versionBefore() {
        return versionAfter(0);
    }

    /** The newest version still applied once the first {@code done} steps are undone, or null when none is. */
    String versionAfter(int done) {
        return newestVersion(applied, steps.stream().limit(done).map(DowngradeStep::migration).toList());
    }

    private static String newestVersion(List<MigrationEntry> applied, List<MigrationEntry> undone) {
        return applied.stream().filter(e -> !undone.contains(e))
                .max(Comparator.comparing(e -> Version.of(e.version(), "version"))).map(MigrationEntry::version).orElse(null);
    }

    static String describe(String version) {
        return version == null ? "an empty history" : "version " + version;
    }

    private static String describe(Version version) {
        return version.equals(NOTHING) ? "(none)" : version.toString();
    }
}
