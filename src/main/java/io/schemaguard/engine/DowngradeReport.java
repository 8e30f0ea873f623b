package io.schemaguard.engine;

import java.util.List;

/**
 * What a downgrade did: one outcome per migration it undid, newest first, and the version before
 * and after ({@code null}: no versioned migration applied).
 */
public record DowngradeReport(String versionBefore, String versionAfter, List<UndoOutcome> outcomes, boolean dryRun) {
    public DowngradeReport {
        outcomes = List.copyOf(outcomes);
    }
}
