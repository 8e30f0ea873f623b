package io.schemaguard.engine;

import java.util.List;

/** What an upgrade did: one outcome per migration it handled, and the version before and after. */
public record UpgradeReport(String versionBefore, String versionAfter, List<MigrationOutcome> outcomes, boolean dryRun) {
    public UpgradeReport {
        outcomes = List.copyOf(outcomes);
    }
}
