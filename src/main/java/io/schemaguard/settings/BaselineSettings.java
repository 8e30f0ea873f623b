package io.schemaguard.settings;

/**
 * What {@code baseline} is asked to record: Flyway's baseline row, verified first.
 *
 * @param version     the version the baseline row records (Flyway's default {@code 1})
 * @param description the baseline row's description (Flyway's default {@code << Flyway Baseline >>})
 * @param force       record even what does not verify (the audit table marks it forced)
 * @param dryRun      say what would be recorded or refused, change nothing
 */
public record BaselineSettings(String version, String description, boolean force, boolean dryRun) {
    public static final String DEFAULT_VERSION = "1";
    public static final String DEFAULT_DESCRIPTION = "<< Flyway Baseline >>";

    public BaselineSettings {
        version = version == null || version.isBlank() ? DEFAULT_VERSION : version.trim();
        description = description == null || description.isBlank() ? DEFAULT_DESCRIPTION : description;
    }
}
