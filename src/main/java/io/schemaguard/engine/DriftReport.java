package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;
import io.schemaguard.catalog.ReportedFact;
import io.schemaguard.catalog.ReportedFacts;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.HistoryProblem;
import io.schemaguard.output.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live schema against the schema the applied migrations build, plus what is wrong with the
 * history itself. Counts are per difference: a column added by hand is one extra, a dropped index
 * one missing, a changed column type one different. {@code builtBy} names, per missing or different object
 * ({@code table public.t}), the migration and the Flyway callbacks ({@code afterMigrate.sql}) that build it.
 */
public record DriftReport(String version, String shadow, List<String> schemas, SchemaDiff diff, List<HistoryProblem> historyProblems,
                          Map<String, List<String>> builtBy) {

    public DriftReport {
        schemas = List.copyOf(schemas);
        historyProblems = List.copyOf(historyProblems);
        builtBy = Map.copyOf(builtBy);
    }

    public DriftReport(String version, String shadow, List<String> schemas, SchemaDiff diff, List<HistoryProblem> historyProblems) {
        this(version, shadow, schemas, diff, historyProblems, Map.of());
    }

    public boolean drift() {
        return !diff.identical() || !historyProblems.isEmpty();
    }

    public long missing() {
        return count(Kind.MISSING);
    }

    public long extra() {
        return count(Kind.EXTRA);
    }

    public long different() {
        return count(Kind.DIFFERENT);
    }

    public String summary() {
        return (drift() ? "Drift: " : "No drift: ") + missing() + " missing, " + extra() + " extra, " + different() + " different, "
                + historyProblems.size() + " history problem" + (historyProblems.size() == 1 ? "" : "s")
                + " (schema" + (schemas.size() == 1 ? " " : "s ") + String.join(", ", schemas) + " at version "
                + (version == null ? "none" : version) + ").";
    }

    /** The report as a file holds it: the details, then the summary line. */
    public List<String> text() {
        List<String> lines = new ArrayList<>(details());
        lines.add(summary());
        return lines;
    }

    /** Every difference grouped by object (an index, trigger or policy apart from its table), notes and history problems; no summary line. */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        for (DiffGroup group : diff.groups()) {
            lines.addAll(DiffText.group(group));
            if (builtBy.containsKey(group.title())) {
                lines.add("  built by " + String.join(", ", builtBy.get(group.title())));
            }
        }
        diff.notes().forEach(note -> note.notes().forEach(n -> lines.add("note: " + note.key().describe() + ": " + n)));
        if (!diff.reported().isEmpty()) {
            lines.add(ReportedFacts.HEADING);
            diff.reported().forEach(fact -> lines.add("  " + fact.line()));
        }
        for (HistoryProblem problem : historyProblems) {
            lines.add("history: " + (problem.version() == null ? "" : "V" + problem.version() + " ")
                    + (problem.script() == null ? "" : problem.script() + ": ") + problem.problem());
        }
        return lines;
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", version);
        root.put("schemas", schemas);
        root.put("shadow", shadow);
        root.put("drift", drift());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("missing", missing());
        summary.put("extra", extra());
        summary.put("different", different());
        summary.put("historyProblems", historyProblems.size());
        root.put("summary", summary);
        List<Object> groups = new ArrayList<>();
        for (DiffGroup group : diff.groups()) {
            List<Object> differences = new ArrayList<>();
            for (Difference d : group.differences()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("subject", d.subject());
                item.put("kind", Kind.of(d).name().toLowerCase());
                item.put("expected", Difference.ABSENT.equals(d.expected()) ? null : DiffText.display(d.expected()));
                item.put("found", Difference.MISSING.equals(d.found()) ? null : DiffText.display(d.found()));
                differences.add(item);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("object", group.title());
            entry.put("differences", differences);
            groups.add(entry);
        }
        root.put("objects", groups);
        root.put("builtBy", new java.util.TreeMap<>(builtBy));
        root.put("reported", diff.reported().stream().map(ReportedFact::json).toList());
        List<Object> problems = new ArrayList<>();
        for (HistoryProblem problem : historyProblems) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("version", problem.version());
            item.put("script", problem.script());
            item.put("problem", problem.problem());
            problems.add(item);
        }
        root.put("history", problems);
        return Json.write(root);
    }

    private long count(Kind kind) {
        return diff.groups().stream().flatMap(g -> g.differences().stream()).filter(d -> Kind.of(d) == kind).count();
    }

    private enum Kind {
        MISSING, EXTRA, DIFFERENT;

        static Kind of(Difference d) {
            return Difference.MISSING.equals(d.found()) ? MISSING : Difference.ABSENT.equals(d.expected()) ? EXTRA : DIFFERENT;
        }
    }
}
