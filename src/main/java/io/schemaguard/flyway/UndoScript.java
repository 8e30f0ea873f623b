package io.schemaguard.flyway;

/**
 * An undo script {@code U<version>__<description>.sql} found in the migration locations: the
 * statements that reverse the versioned migration of the same version.
 *
 * @param script Flyway's name for it: its path relative to the location
 */
public record UndoScript(String version, String description, String script) {
    static final String PREFIX = "U";

    public String fileName() {
        return GuardedMigrationResolver.fileName(script);
    }

    /** Whether it undoes the migration of this version (compared as Flyway compares versions). */
    public boolean undoes(String migrationVersion) {
        return migrationVersion != null && Version.of(version, "undo script version").equals(Version.of(migrationVersion, "version"));
    }

    /** The file name an undo script of this migration would have. */
    public static String expectedName(String version, String description) {
        return PREFIX + version + "__" + description.replace(' ', '_') + ".sql";
    }
}
