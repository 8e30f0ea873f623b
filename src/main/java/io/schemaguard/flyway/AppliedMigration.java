package io.schemaguard.flyway;

import java.util.Objects;

/** A migration that one {@code migrate} call executed itself (not one another build applied meanwhile). */
public record AppliedMigration(String version, String description) {

    /** Whether {@code entry} (a row of the history) is this migration. */
    public boolean is(String entryVersion, String entryDescription) {
        return version != null ? version.equals(entryVersion) : entryVersion == null && Objects.equals(description, entryDescription);
    }
}
