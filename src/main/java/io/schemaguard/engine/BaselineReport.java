package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.ReportedFact;

import io.schemaguard.output.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a verified baseline did, or would do in a dry run.
 *
 * @param covered     the migrations at or below the baseline version (Flyway never runs them afterwards)
 * @param unverified  what did not verify, grouped by object, each title naming the migration that builds it
 * @param notes       objects in the database that no covered migration builds
 * @param dataChanges per migration, statements that change rows (not verifiable by a comparison)
 */
public record BaselineReport(Outcome outcome, String version, String description, List<String> covered, List<DiffGroup> unverified,
                             List<String> notes, Map<String, List<String>> dataChanges, boolean dryRun, List<ReportedFact> reported)
        implements RecordingReport {

    public enum Outcome { NOTHING_TO_DO, BASELINED, FORCED, REFUSED }

    public BaselineReport {
        covered = List.copyOf(covered);
        unverified = List.copyOf(unverified);
        notes = List.copyOf(notes);
        dataChanges = Map.copyOf(dataChanges);
        reported = List.copyOf(reported);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        switch (outcome) {
            case NOTHING_TO_DO -> lines.add("The history is already baselined at version " + version + " (" + description + "): nothing to do.");
            case REFUSED -> {
                lines.add("Would refuse the baseline:");
                lines.addAll(List.of(refusal().split("\n")));
                notes.forEach(note -> lines.add("note: " + note));
            }
            default -> {
                ReportLines.unverified(unverified, lines);
                notes.forEach(note -> lines.add("note: " + note));
                ReportLines.reported(reported, lines);
                dataChanges.forEach((script, statements) -> lines.add("unverified data change: " + script + ", " + String.join(", ", statements)));
                covered.forEach(m -> lines.add("covered  " + m));
                lines.add((dryRun ? "Would record" : "Recorded") + " the baseline at version " + version + " (" + description + "; "
                        + covered.size() + " migration" + (covered.size() == 1 ? "" : "s") + " at or below it"
                        + (outcome == Outcome.FORCED ? ", forced: what did not verify is listed above" : ", verified") + ").");
            }
        }
        return lines;
    }

    @Override
    public boolean warns() {
        return outcome == Outcome.FORCED || outcome == Outcome.REFUSED;
    }

    /** The same facts for machines: outcome, version, migrations covered, unverified differences, notes, data changes, reported. */
    @Override
    public String json() {
        return Json.write(root(outcome.name().toLowerCase(Locale.ROOT),
                outcome == Outcome.REFUSED && !dryRun ? ReportJson.failure("refused", refusal()) : null));
    }

    /**
     * The report of a baseline that failed otherwise than by a refusal (a history table already there, an unreachable
     * shadow…): outcome {@code failed}, the message; {@code mask} hides secrets.
     */
    public static String failureJson(String version, String description, boolean dryRun, RuntimeException failure,
                                     UnaryOperator<String> mask) {
        return Json.write(new BaselineReport(Outcome.REFUSED, version, description, List.of(), List.of(), List.of(), Map.of(), dryRun,
                List.of()).root("failed", ReportJson.failure("failed", failure, mask)));
    }

    private Map<String, Object> root(String outcome, Map<String, Object> failure) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("outcome", outcome);
        root.put("version", version);
        root.put("description", description);
        root.put("dryRun", dryRun);
        root.put("covered", covered);
        root.put("unverified", ReportJson.unverified(unverified));
        root.put("notes", notes);
        root.put("dataChanges", new TreeMap<>(dataChanges));
        root.put("reported", reported.stream().map(ReportedFact::json).toList());
        root.put("failure", failure);
        return root;
    }

    /** The refusal as one message: what is missing or different, by which migration, and what to do. */
    public String refusal() {
        List<String> lines = new ArrayList<>();
        lines.add("Cannot baseline at version " + version + ": the database does not hold what the migrations up to " + version + " build:");
        ReportLines.unverified(unverified, lines);
        ReportLines.reported(reported, lines);
        lines.add("Nothing was recorded. Reconcile the database (mvn schema:upgrade adopts what is there and identical and builds"
                + " what is missing), or, to record the baseline anyway, run: mvn schema:baseline -Dschema.baselineVersion=" + version
                + " -Dschema.force=true");
        return String.join("\n", lines);
    }
}
