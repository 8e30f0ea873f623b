package io.schemaguard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a clean dropped (or would drop, in a dry run).
 *
 * @param droppedSchemas schemas Flyway created (its schema-creation row says so), dropped whole
 * @param cleaned        per schema kept, the drop statements run in it, in order
 * @param unknown        managed schemas that do not exist (nothing to clean)
 * @param keptBecauseOfAudit a schema Flyway created that is kept, emptied, because this plugin's audit table lives in it
 */
public record CleanReport(List<String> droppedSchemas, Map<String, List<String>> cleaned, List<String> unknown,
                          String keptBecauseOfAudit, String auditTable, boolean dryRun) {

    public CleanReport {
        droppedSchemas = List.copyOf(droppedSchemas);
        cleaned = Map.copyOf(cleaned);
        unknown = List.copyOf(unknown);
    }

    /** Loud on purpose: every line is a warning in the build log. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String would = dryRun ? "would be " : "";
        unknown.forEach(schema -> lines.add("Unable to clean unknown schema " + schema + ": it does not exist."));
        droppedSchemas.forEach(schema -> lines.add(would + "dropped schema " + schema + " (created by Flyway), with everything in it"));
        cleaned.forEach((schema, statements) -> {
            lines.add(would + "cleaned schema " + schema + ": " + statements.size() + " drop statement" + (statements.size() == 1 ? "" : "s"));
            statements.forEach(statement -> lines.add("  " + statement));
        });
        if (keptBecauseOfAudit != null) {
            lines.add("Schema " + keptBecauseOfAudit + " was created by Flyway but is kept, emptied: this plugin's audit table "
                    + auditTable + " lives in it and keeps the record of this clean.");
        }
        lines.add(dryRun ? "Dry run: nothing was dropped." : "Clean done; recorded in the audit table " + auditTable + ".");
        return lines;
    }
}
