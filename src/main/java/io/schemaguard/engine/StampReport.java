package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;
import io.schemaguard.output.Json;
import io.schemaguard.catalog.ReportedFact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a stamp did, or would do in a dry run.
 *
 * @param migrations  the migrations recorded (or removed, going down), in the order written
 * @param unverified  what did not verify, grouped by object, each title naming the migration that builds it
 * @param notes       objects in the database that no migration up to the version builds
 * @param dataChanges per migration, statements that change rows (not verifiable by a comparison)
 * @param reported    owners, privileges and comments that differ from the replay's (unless compared strictly),
 *                    grants to PUBLIC, owners of SECURITY DEFINER functions: told, never blocking
 * @param callbackObjects objects only Flyway callbacks build that the database lacks or holds otherwise: told, never
 *                    blocking (a stamp runs no callback; the next upgrade runs them)
 * @param builtBy     per object reported ({@code table public.t}), the migration and callbacks that build it
 */
public record StampReport(Outcome outcome, String from, String to, List<String> migrations, List<DiffGroup> unverified,
                          List<String> notes, Map<String, List<String>> dataChanges, boolean dryRun, List<ReportedFact> reported,
                          List<DiffGroup> callbackObjects, Map<String, List<String>> builtBy) implements RecordingReport {

    public enum Outcome { NOTHING_TO_DO, STAMPED, FORCED, REFUSED, REMOVED }

    public StampReport {
        migrations = List.copyOf(migrations);
        unverified = List.copyOf(unverified);
        notes = List.copyOf(notes);
        dataChanges = Map.copyOf(dataChanges);
        reported = List.copyOf(reported);
        callbackObjects = List.copyOf(callbackObjects);
        builtBy = Map.copyOf(builtBy);
    }

    public StampReport(Outcome outcome, String from, String to, List<String> migrations, List<DiffGroup> unverified,
                       List<String> notes, Map<String, List<String>> dataChanges, boolean dryRun, List<ReportedFact> reported) {
        this(outcome, from, to, migrations, unverified, notes, dataChanges, dryRun, reported, List.of(), Map.of());
    }

    public StampReport(Outcome outcome, String from, String to, List<String> migrations, List<DiffGroup> unverified,
                       List<String> notes, Map<String, List<String>> dataChanges, boolean dryRun) {
        this(outcome, from, to, migrations, unverified, notes, dataChanges, dryRun, List.of());
    }

    /** The lines the goal prints: shadow, per-migration outcomes, differences, notes, summary. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String would = dryRun ? "would be " : "";
        switch (outcome) {
            case NOTHING_TO_DO -> lines.add("The history is already at version " + to + ": nothing to do.");
            case REMOVED -> {
                numbered(would + "unstamped ", lines);
                lines.add((dryRun ? "Would move" : "Moved") + " the history from version " + from + " down to " + to + " ("
                        + count(migrations.size()) + "). The schema is untouched: the objects those migrations built are still"
                        + " there. To remove them, run mvn schema:downgrade -Dschema.target=" + to + " instead.");
            }
            case REFUSED -> {
                lines.add("Would refuse the stamp:");
                lines.addAll(List.of(refusal().split("\n")));
                notes.forEach(note -> lines.add("note: " + note));
                callbackNotes(lines);
            }
            default -> {
                ReportLines.unverified(unverified, lines);
                notes.forEach(note -> lines.add("note: " + note));
                callbackNotes(lines);
                ReportLines.reported(reported, lines);
                dataChanges.forEach((script, statements) -> lines.add("unverified data change: " + script + ", "
                        + String.join(", ", statements)));
                String state = outcome == Outcome.FORCED ? "forced   " : "stamped  ";
                numbered(would + state, lines);
                lines.add((dryRun ? "Would record" : "Recorded") + " version " + to + " (" + count(migrations.size())
                        + (outcome == Outcome.FORCED ? ", forced: what did not verify is listed above" : ", verified") + ").");
            }
        }
        return lines;
    }

    // "[2/5] stamped  V2__x.sql": each migration recorded (or removed) with its position among them
    private void numbered(String state, List<String> lines) {
        for (int i = 0; i < migrations.size(); i++) {
            lines.add("[" + (i + 1) + "/" + migrations.size() + "] " + state + migrations.get(i));
        }
    }

    /** The refusal as one message: what is missing or different, by which migration, and what to do. */
    public String refusal() {
        List<String> lines = new ArrayList<>();
        lines.add("Cannot stamp version " + to + ": the database does not hold what the migrations up to " + to + " build:");
        ReportLines.unverified(unverified, lines);
        ReportLines.reported(reported, lines);
        lines.add("Nothing was recorded. Reconcile the database (mvn schema:upgrade adopts what is there and identical and builds"
                + " what is missing), or, to record anyway, run: mvn schema:stamp -Dschema.version=" + to + " -Dschema.force=true");
        return String.join("\n", lines);
    }

    @Override
    public boolean warns() {
        return outcome == Outcome.FORCED || outcome == Outcome.REFUSED;
    }

    /** The same facts for machines: outcome, versions, migrations, unverified differences, notes, data changes, reported. */
    @Override
    public String json() {
        return Json.write(root(outcome == Outcome.REFUSED && !dryRun ? ReportJson.failure("refused", refusal()) : null));
    }

    /**
     * The report of a stamp that failed otherwise than by a refusal (a bad version, an unreachable shadow…): outcome
     * {@code failed}, the message; {@code mask} hides secrets.
     */
    public static String failureJson(String version, boolean dryRun, RuntimeException failure, UnaryOperator<String> mask) {
        Map<String, Object> root = new StampReport(Outcome.REFUSED, null, version, List.of(), List.of(), List.of(), Map.of(), dryRun)
                .root(ReportJson.failure("failed", failure, mask));
        root.put("outcome", "failed");
        return Json.write(root);
    }

    private Map<String, Object> root(Map<String, Object> failure) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        root.put("from", from);
        root.put("to", to);
        root.put("dryRun", dryRun);
        root.put("migrations", migrations);
        root.put("unverified", ReportJson.unverified(unverified));
        root.put("notes", notes);
        List<Object> byCallbacks = new ArrayList<>();
        for (DiffGroup group : callbackObjects) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("object", group.title());
            entry.put("builtBy", builtBy.getOrDefault(group.title(), List.of()));
            entry.put("missing", missingWhole(group));
            entry.put("differences", ReportJson.differences(group));
            byCallbacks.add(entry);
        }
        root.put("callbackObjects", byCallbacks);
        root.put("builtBy", new TreeMap<>(builtBy));
        root.put("dataChanges", new TreeMap<>(dataChanges));
        root.put("reported", reported.stream().map(ReportedFact::json).toList());
        root.put("failure", failure);
        return root;
    }

    // What only callbacks build: a stamp runs none, the next upgrade runs them all.
    private void callbackNotes(List<String> lines) {
        for (DiffGroup group : callbackObjects) {
            String callbacks = String.join(", ", builtBy.getOrDefault(group.title(), List.of()));
            String object = group.title() + " (built by " + callbacks + ")";
            if (missingWhole(group)) {
                lines.add("note: " + object + " is not in the database: a stamp runs no callback; the next upgrade runs " + callbacks + ".");
                continue;
            }
            lines.add("note: " + object + " differs from what " + callbacks + " builds: a stamp runs no callback; the next upgrade runs "
                    + callbacks + ", and mvn schema:verify reports the difference if it remains:");
            DiffText.lines(group.differences()).forEach(line -> lines.add("    " + line));
        }
    }

    private static boolean missingWhole(DiffGroup group) {
        return group.differences().size() == 1 && group.differences().get(0).subject() == null
                && Difference.MISSING.equals(group.differences().get(0).found());
    }

    private static String count(int migrations) {
        return migrations + " migration" + (migrations == 1 ? "" : "s");
    }
}
