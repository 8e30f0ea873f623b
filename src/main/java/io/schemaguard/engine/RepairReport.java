package io.schemaguard.engine;

import io.schemaguard.flyway.HistoryRepair;

import java.util.ArrayList;
import java.util.List;

/**
 * What a repair changed in the history (or would change, in a dry run): one entry per row, each also an audit row.
 *
 * @param historyTable the history table as Flyway names it; null when it does not exist
 */
public record RepairReport(String historyTable, List<HistoryRepair> changes, boolean dryRun) {

    public RepairReport {
        changes = List.copyOf(changes);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (historyTable == null) {
            lines.add("There is no history table: nothing to repair.");
            return lines;
        }
        for (HistoryRepair change : changes) {
            lines.add((dryRun ? "would be " : "") + change.kind().label() + ": " + change.change());
        }
        if (changes.isEmpty()) {
            lines.add("The history " + historyTable + " needs no repair: no failed row, every applied migration has its file and matches it.");
        } else if (dryRun) {
            lines.add("Dry run: would make " + count() + " to " + historyTable + "; nothing was changed.");
        } else {
            lines.add("Repaired " + historyTable + ": " + count() + ", each recorded in the audit table. The schema itself was not"
                    + " changed" + (changes.stream().anyMatch(c -> c.kind() == HistoryRepair.Kind.MARK_DELETED)
                    ? "; what the deleted migrations built is still there: remove it, or move it into an existing migration" : "")
                    + ".");
        }
        return lines;
    }

    private String count() {
        return changes.size() + " change" + (changes.size() == 1 ? "" : "s");
    }
}
