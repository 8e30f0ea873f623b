package io.schemaguard.engine;

import io.schemaguard.flyway.MigrationEntry;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads versions off Flyway's list of migrations. */
final class AppliedVersions {
    private AppliedVersions() {
    }

    /** The version the schema is at: the newest successfully applied versioned migration (null when none). */
    static String current(List<MigrationEntry> entries) {
        String version = null;
        for (MigrationEntry entry : entries) {
            if (entry.applied() && !entry.failed() && entry.version() != null && !"BASELINE".equals(entry.type())) {
                version = entry.version();
            }
        }
        return version;
    }

    /** The newest applied version that can be replayed: applied migrations whose file is gone cannot. */
    static String replayable(List<MigrationEntry> entries) {
        return current(entries.stream().filter(AppliedVersions::hasFile).toList());
    }

    /** Repeatable migrations with no successful run in the history: a replay must not build what they build. */
    static Set<String> unappliedRepeatables(List<MigrationEntry> entries) {
        Set<String> ran = entries.stream().filter(e -> e.version() == null && e.applied() && !e.failed())
                .map(MigrationEntry::script).collect(Collectors.toSet());
        return entries.stream().filter(e -> e.version() == null && !"BASELINE".equals(e.type()) && !ran.contains(e.script()))
                .map(MigrationEntry::script).collect(Collectors.toSet());
    }

    static boolean hasFile(MigrationEntry entry) {
        return !entry.flywayState().startsWith("MISSING") && !entry.flywayState().startsWith("FUTURE");
    }
}
