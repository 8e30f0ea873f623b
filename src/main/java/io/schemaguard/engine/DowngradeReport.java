package io.schemaguard.engine;

import io.schemaguard.output.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a downgrade did: one outcome per migration it undid, newest first, and the version before
 * and after ({@code null}: no versioned migration applied).
 */
public record DowngradeReport(String versionBefore, String versionAfter, List<UndoOutcome> outcomes, boolean dryRun) {
    public DowngradeReport {
        outcomes = List.copyOf(outcomes);
    }

    /** The report of a downgrade that failed before it found out anything. */
    public static DowngradeReport nothingKnown(boolean dryRun) {
        return new DowngradeReport(null, null, List.of(), dryRun);
    }

    /** One line per migration undone, numbered {@code [2/5]} out of the {@code planned} ones. */
    public List<String> lines(int planned) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            UndoOutcome outcome = outcomes.get(i);
            String counter = "[" + (i + 1) + "/" + Math.max(planned, outcomes.size()) + "] ";
            lines.add(counter + (dryRun
                    ? String.format("would be undone %s by %s (%d statement(s) skipped)", outcome.script(), outcome.undoScript(),
                            outcome.skipped().size())
                    : String.format("%-9s %s by %s (%d ms)", "undone", outcome.script(), outcome.undoScript(), outcome.millis())));
        }
        return lines;
    }

    /** The same facts for machines (fields documented in the README). */
    public String json() {
        return Json.write(root(outcomes.isEmpty() ? "nothing-to-undo" : "downgraded", null));
    }

    /** The report of a downgrade that failed: what it undid before (this report) and why; {@code mask} hides secrets. */
    public String failureJson(RuntimeException failure, UnaryOperator<String> mask) {
        Map<String, Object> why = ReportJson.failure("failed", failure, mask);
        if (failure instanceof DowngradeFailure step) {
            why.put("script", step.script());
            why.put("undoScript", step.undoScript());
        }
        return Json.write(root("failed", why));
    }

    private Map<String, Object> root(String outcome, Map<String, Object> failure) {
        List<Object> migrations = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            UndoOutcome undone = outcomes.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("position", i + 1);
            m.put("version", undone.version());
            m.put("script", undone.script());
            m.put("undoScript", undone.undoScript());
            m.put("executionTimeMs", undone.millis());
            m.put("skipped", undone.skipped());
            migrations.add(m);
        }
        return ReportJson.run(outcome, dryRun, versionBefore, versionAfter, migrations, failure);
    }
}
