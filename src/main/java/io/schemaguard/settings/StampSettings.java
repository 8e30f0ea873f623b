package io.schemaguard.settings;

/**
 * What {@code stamp} is asked to record.
 *
 * @param version a migration version, or {@code latest}
 * @param force   record even what does not verify (the audit table marks it forced)
 * @param dryRun  say what would be recorded or refused, change nothing
 */
public record StampSettings(String version, boolean force, boolean dryRun) {
    public static final String LATEST = "latest";

    public StampSettings {
        version = version == null ? null : version.trim();
    }
}
