package io.schemaguard.guard;

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
}
