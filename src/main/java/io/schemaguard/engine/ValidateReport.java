package io.schemaguard.engine;

import io.schemaguard.flyway.HistoryProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * The history checked against the migration files, without touching the schema: changed files (checksums), files
 * gone, failed rows, migrations left unapplied below the current version.
 *
 * @param applied how many history rows of migrations were checked
 */
public record ValidateReport(String version, int applied, List<HistoryProblem> problems) {

    public ValidateReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** One line when valid; else the failure: each problem, where, and what to do. */
    public String summary() {
        if (valid()) {
            return "The history is valid: " + applied + " applied migration" + (applied == 1 ? "" : "s") + " match their files"
                    + (version == null ? "." : " (version " + version + ").");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Validation of the history against the migration files found " + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + ":");
        for (HistoryProblem problem : problems) {
            lines.add("  " + (problem.version() == null ? "repeatable" : "version " + problem.version())
                    + (problem.script() == null ? "" : " (" + problem.script() + ")") + ": " + problem.problem());
            if (!problem.advice().isEmpty()) {
                lines.add("    what to do: " + problem.advice());
            }
        }
        lines.add("Nothing was changed.");
        return String.join("\n", lines);
    }
}
