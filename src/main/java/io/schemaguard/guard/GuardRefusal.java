package io.schemaguard.guard;

import io.schemaguard.output.SchemaFailure;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement's object exists and differs (or cannot be compared): the migration is refused. The
 * engine may then judge the migration as a whole and either adopt it or refuse it again, with the
 * diff of its final result and the stamp advice it can justify ({@link StampAdvice}).
 */
public final class GuardRefusal extends SchemaFailure {
    /** What a verified stamp of the refused migration would do, as far as the engine found out. */
    public enum StampAdvice {
        /** A plain, verified stamp records it: the database holds what the migrations up to it build. */
        VERIFIED_STAMP_SUCCEEDS,
        /** A verified stamp refuses it too: only a forced one records the difference. */
        ONLY_FORCED,
        /** Not found out (no replay could be made): the verified stamp decides. */
        UNKNOWN
    }

    private final String script;
    private final String version;
    private final boolean rolledBack;
    private final boolean historyWasMissing;
    private final List<ObjectVerdict> verdicts;
    private final boolean unverifiable;
    // What the advice asks to reconcile: "table", "index"…
    private final String kind;
    // What differs, where, and whether anything was applied: the message without its advice.
    private final List<String> findings;

    private GuardRefusal(String script, String version, boolean rolledBack, boolean historyWasMissing, List<ObjectVerdict> verdicts,
                         boolean unverifiable, String kind, List<String> findings, StampAdvice advice) {
        super(String.join("\n", findings) + "\n" + advice(version, kind, unverifiable, historyWasMissing, advice));
        this.script = script;
        this.version = version;
        this.rolledBack = rolledBack;
        this.historyWasMissing = historyWasMissing;
        this.verdicts = List.copyOf(verdicts);
        this.unverifiable = unverifiable;
        this.kind = kind;
        this.findings = List.copyOf(findings);
    }

    public String script() {
        return script;
    }

    /** The refused migration's version; null for a repeatable one. */
    public String version() {
        return version;
    }

    /** Whether the refused statement ran in a transaction, so that nothing of its migration persisted. */
    public boolean rolledBack() {
        return rolledBack;
    }

    public List<ObjectVerdict> verdicts() {
        return verdicts;
    }

    /** The differences the statement's comparison found, one rendered line each; empty when it could not compare. */
    public List<String> statementDifferences() {
        return unverifiable ? List.of() : verdicts.stream().flatMap(v -> v.differences().stream()).toList();
    }

    /** The same refusal, advising what the engine found out about a verified stamp. */
    public GuardRefusal advising(StampAdvice advice) {
        return new GuardRefusal(script, version, rolledBack, historyWasMissing, verdicts, unverifiable, kind, findings, advice);
    }

    /**
     * The refusal restated for the whole migration: {@code findings} says what its final result differs in,
     * {@code kind} the kind of the first object that differs ("table").
     */
    public GuardRefusal judgedAsAWhole(List<String> findings, String kind, StampAdvice advice) {
        List<String> lines = new ArrayList<>(findings);
        lines.add(nothingApplied(script, version));
        return new GuardRefusal(script, version, rolledBack, historyWasMissing, verdicts, false, kind, lines, advice);
    }

    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing,
                           boolean rolledBack) {
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
        lines.add(nothingApplied(script, version));
        return new GuardRefusal(script, version, rolledBack, historyWasMissing, result.verdicts(), result.unverifiable() != null,
                kind(result.verdicts()), lines, StampAdvice.ONLY_FORCED);
    }

    private static String nothingApplied(String script, String version) {
        return "Nothing of " + (version == null ? script : "V" + version) + " was applied.";
    }

    private static String advice(String version, String kind, boolean unverifiable, boolean historyWasMissing,
                                 StampAdvice advice) {
        String stamp = "mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version);
        if (historyWasMissing) {
            return "This schema held objects but no history table. If a later migration changed this object, the early"
                    + " statement no longer matches it: verify the whole range against a replay and record it with"
                    + " mvn schema:stamp -Dschema.version=latest";
        }
        if (advice == StampAdvice.VERIFIED_STAMP_SUCCEEDS) {
            return "A verified stamp accepts the database as it is (it holds what the migrations up to " + version + " build,"
                    + " as a replay shows): run " + stamp;
        }
        String reconcile = unverifiable ? "Drop or rename the existing object, or remove the statement, and run the upgrade again."
                : "Reconcile the " + kind + " (or add a migration that does)";
        if (advice == StampAdvice.UNKNOWN) {
            return reconcile + (unverifiable ? " Or" : ", or") + " run " + stamp + ": it compares the database with a replay of the"
                    + " migrations and records them only if it holds what they build (-Dschema.force=true records them anyway).";
        }
        return unverifiable ? reconcile : reconcile + ", or, to accept the difference, run: " + stamp + " -Dschema.force=true";
    }

    private static String kind(List<ObjectVerdict> verdicts) {
        return verdicts.stream().filter(v -> !v.identical())
                .map(v -> v.object().startsWith("materialized view") ? "materialized view" : v.object().split(" ")[0])
                .findFirst().orElse("objects");
    }
}
