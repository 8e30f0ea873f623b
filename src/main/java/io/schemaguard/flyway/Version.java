package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import org.flywaydb.core.api.MigrationVersion;

import java.util.regex.Pattern;

/** A migration version, compared as Flyway compares them: 1.10 is above 1.9, and 1.0 is 1. */
public final class Version implements Comparable<Version> {
    private static final Pattern FORM = Pattern.compile("\\d+([._]\\d+)*");

    private final String text;
    private final MigrationVersion version;

    private Version(String text) {
        this.text = text;
        this.version = MigrationVersion.fromVersion(text);
    }

    /** Fails with a message naming {@code what} when the text is not a version such as {@code 51} or {@code 1.2}. */
    public static Version of(String text, String what) {
        String trimmed = text == null ? "" : text.trim();
        if (!FORM.matcher(trimmed).matches()) {
            throw new SchemaFailure(what + " '" + text + "' is not a migration version: expected numbers separated by dots,"
                    + " such as 51 or 1.2.");
        }
        return new Version(trimmed);
    }

    static boolean isVersion(String text) {
        return FORM.matcher(text).matches();
    }

    public boolean isAbove(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Version other) {
        return version.compareTo(other.version);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Version v && version.equals(v.version);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
