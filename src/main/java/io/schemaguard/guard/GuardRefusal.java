package io.schemaguard.guard;

import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.output.SchemaFailure;

import java.util.ArrayList;
import java.util.List;

/** A statement's object exists and differs (or cannot be compared): the migration is refused. */
public final class GuardRefusal extends SchemaFailure {
    private final String script;
    private final List<ObjectVerdict> verdicts;
    // The message around its line saying what of the migration stays, kept to tell that again when more than nothing stays.
    private final List<String> findings;
    private final List<String> advice;

    private GuardRefusal(String script, List<ObjectVerdict> verdicts, List<String> findings, String aftermath, List<String> advice) {
        super(String.join("\n", findings) + "\n" + aftermath + (advice.isEmpty() ? "" : "\n" + String.join("\n", advice)));
        this.script = script;
        this.verdicts = List.copyOf(verdicts);
        this.findings = List.copyOf(findings);
        this.advice = List.copyOf(advice);
    }

    public String script() {
        return script;
    }

    public List<ObjectVerdict> verdicts() {
        return verdicts;
    }

    /** The same refusal, saying {@code aftermath} instead of what it said of the migration ("Nothing of V2 was applied."). */
    GuardRefusal withAftermath(String aftermath) {
        return new GuardRefusal(script, verdicts, findings, aftermath, advice);
    }

    /**
     * The objects a statement collided with are identical, but it builds more that the database does not hold, and
     * the guard could not build it exactly: refused naming each missing or different part, never skipped without it.
     */
    static GuardRefusal incomplete(String script, String version, int number, int line, List<ObjectVerdict> unmet, String why) {
        List<String> lines = new ArrayList<>();
        lines.add(script + ", statement " + number + " (line " + line + "): what this statement collided with is identical,"
                + " but it also builds what the database does not hold" + (why == null ? "" : ", and the guard could not build it: " + why)
                + ":");
        for (ObjectVerdict verdict : unmet) {
            lines.add("  " + verdict.object() + ":");
            verdict.differences().forEach(d -> lines.add("    " + d));
        }
        return new GuardRefusal(script, unmet, lines, "Nothing of " + shortName(script, version) + " was applied.",
                List.of("Build what is missing (or add a migration that does), or split the statement so each part is judged on its own,"
                        + " and run the upgrade again."));
    }

    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing) {
        return of(script, version, number, line, result, historyWasMissing, "Nothing of " + shortName(script, version) + " was applied.");
    }

    /** "V2", or the script's name for a repeatable migration. */
    static String shortName(String script, String version) {
        return version == null ? script : "V" + version;
    }

    /** @param aftermath what of the migration stays in the database */
    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing,
                           String aftermath) {
        List<String> lines = new ArrayList<>();
        String where = script + ", statement " + number + " (line " + line + "): ";
        if (result.unverifiable() != null) {
            lines.add(where + result.unverifiable());
        } else {
            boolean first = true;
            for (ObjectVerdict verdict : result.verdicts()) {
                if (verdict.identical()) {
                    continue;
                }
                lines.add((first ? where : "") + verdict.object() + " already exists and differs from what this statement builds:");
                verdict.differences().forEach(d -> lines.add("  " + d));
                first = false;
            }
        }
        List<String> advice = new ArrayList<>();
        if (historyWasMissing) {
            advice.add("This schema held objects but no history table. If a later migration changed this object, the early"
                    + " statement no longer matches it: verify the whole range against a replay and record it with"
                    + " mvn schema:stamp -Dschema.version=latest");
        } else if (result.unverifiable() == null) {
            String kind = result.verdicts().stream().filter(v -> !v.identical()).map(v -> v.object().startsWith("materialized view") ? "materialized view" : v.object().split(" ")[0]).findFirst().orElse("object");
            advice.add("Reconcile the " + kind + " (or add a migration that does), or, to accept the difference, run:"
                    + " mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version) + " -Dschema.force=true");
        } else {
            advice.add("Drop or rename the existing object, or remove the statement, and run the upgrade again.");
        }
        return new GuardRefusal(script, result.verdicts(), lines, aftermath, advice);
    }

    /**
     * Policies or triggers on tables the migration adopted that no migration creates: the tables
     * would not behave as the migrations build them.
     *
     * @param adopted what the migration adopted, e.g. {@code table public.t}
     */
    static GuardRefusal unbuilt(String script, String version, List<String> adopted, List<DbObject> extra, boolean transactional) {
        List<String> lines = new ArrayList<>();
        lines.add(script + " adopts " + String.join(", ", adopted) + ", but no migration creates "
                + (extra.size() == 1 ? "this object" : "these objects") + " of " + (adopted.size() == 1 ? "its table" : "their tables")
                + " (a policy filters a table's rows, a trigger acts on its writes):");
        List<ObjectVerdict> verdicts = new ArrayList<>();
        for (DiffGroup group : new SchemaDiff(List.of(), extra, List.of(), List.of()).groups()) {
            List<String> shown = DiffText.group(group);
            shown.forEach(line -> lines.add("  " + line));
            verdicts.add(new ObjectVerdict(group.title(), shown, List.of()));
        }
        String aftermath = transactional ? "Nothing of " + shortName(script, version) + " was applied."
                : shortName(script, version) + " ran outside a transaction: what its statements did stays.";
        String them = extra.size() == 1 ? "it" : "them";
        List<String> advice = List.of("Drop " + them + ", or add the migration that creates " + them + ", and run the upgrade again. If a statement the guard"
                + " cannot read creates " + them + " (a DO block), verify the range against a replay and record it with"
                + " mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version));
        return new GuardRefusal(script, verdicts, lines, aftermath, advice);
    }
}
