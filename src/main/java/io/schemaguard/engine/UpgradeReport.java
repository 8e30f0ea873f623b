package io.schemaguard.engine;

import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.guard.ObjectVerdict;
import io.schemaguard.guard.SkippedStatement;
import io.schemaguard.output.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What an upgrade did: one outcome per migration it handled, and the version before and after. */
public record UpgradeReport(String versionBefore, String versionAfter, List<MigrationOutcome> outcomes, boolean dryRun) {
    public UpgradeReport {
        outcomes = List.copyOf(outcomes);
    }

    /** The report of a run that failed before it found out anything: no version known, nothing done. */
    public static UpgradeReport nothingKnown(boolean dryRun) {
        return new UpgradeReport(null, null, List.of(), dryRun);
    }

    /** The lines the goal prints, one per migration, numbered {@code [3/12]}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            MigrationOutcome outcome = outcomes.get(i);
            String counter = "[" + (i + 1) + "/" + outcomes.size() + "] ";
            String kind = outcome.kind().name().toLowerCase(Locale.ROOT);
            lines.add(counter + (dryRun
                    ? String.format("would be %-9s %s (%d statement(s) skipped)", kind, outcome.script(), outcome.skipped().size())
                    : String.format("%-9s %s (%d ms)", kind, outcome.script(), outcome.millis())));
        }
        return lines;
    }

    /** The same facts for machines (fields documented in the README). */
    public String json() {
        return Json.write(root(outcomes.isEmpty() ? "up-to-date" : "upgraded", null));
    }

    /**
     * The report of an upgrade that failed: what it did before (this report), and why it failed — a refusal
     * with its script, statement and differences, or the message of any other failure. {@code mask} hides secrets.
     */
    public String failureJson(RuntimeException failure, UnaryOperator<String> mask) {
        GuardRefusal refusal = failure instanceof GuardRefusal r ? r : null;
        Map<String, Object> why = ReportJson.failure(refusal != null ? "refused" : "failed", failure, mask);
        if (refusal != null) {
            why.put("script", refusal.script());
            why.put("version", refusal.version());
            why.put("statement", refusal.statement() == 0 ? null : refusal.statement());
            why.put("line", refusal.line() == 0 ? null : refusal.line());
            why.put("objects", refusal.differing().stream().map(UpgradeReport::json).toList());
        }
        return Json.write(root(refusal != null ? "refused" : "failed", why));
    }

    private Map<String, Object> root(String outcome, Map<String, Object> failure) {
        List<Object> migrations = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            migrations.add(json(outcomes.get(i), i + 1));
        }
        return ReportJson.run(outcome, dryRun, versionBefore, versionAfter, migrations, failure);
    }

    private static Map<String, Object> json(MigrationOutcome outcome, int position) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", position);
        m.put("version", outcome.version());
        m.put("description", outcome.description());
        m.put("script", outcome.script());
        m.put("outcome", outcome.kind().name().toLowerCase(Locale.ROOT));
        m.put("executionTimeMs", outcome.millis());
        m.put("skipped", outcome.skippedStatements().stream().map(UpgradeReport::json).toList());
        return m;
    }

    private static Map<String, Object> json(SkippedStatement skip) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statement", skip.statement() == 0 ? null : skip.statement());
        m.put("object", skip.object());
        m.put("decision", skip.line());
        m.put("notes", skip.notes());
        m.put("reported", skip.reported());
        return m;
    }

    private static Map<String, Object> json(ObjectVerdict verdict) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", verdict.object());
        m.put("differences", verdict.differences());
        return m;
    }
}
