package io.schemaguard.guard;

import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.output.SchemaFailure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement's object exists and differs (or cannot be compared, or the probe comparing it failed): the migration is refused. The
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
    // Where: the refused statement's number and line; 0 when the refusal is of the whole migration.
    private final int statement;
    private final int line;
    private final boolean rolledBack;
    private final boolean historyWasMissing;
    private final List<ObjectVerdict> verdicts;
    private final boolean unverifiable;
    // What the advice asks to reconcile: "table", "index"…
    private final String kind;
    // What differs and where: the message without what stays of the migration and without the advice.
    private final List<String> findings;
    // What of the migration stays in the database ("Nothing of V2 was applied.").
    private final String aftermath;
    // Advice that does not depend on what a stamp would do (null: the stamp advice is given).
    private final List<String> fixedAdvice;
    private final StampAdvice stampAdvice;
    // Objects no migration builds beside what the migration adopted: its statements all matched.
    private final boolean extraObjects;

    private GuardRefusal(String script, String version, int statement, int line, boolean rolledBack, boolean historyWasMissing,
                         List<ObjectVerdict> verdicts, boolean unverifiable, String kind, List<String> findings, String aftermath,
                         List<String> fixedAdvice, StampAdvice stampAdvice, boolean extraObjects) {
        this(script, version, statement, line, rolledBack, historyWasMissing, verdicts, unverifiable, kind, findings, aftermath, fixedAdvice,
                stampAdvice, extraObjects, null);
    }

    // The cause is the probe's own error, if any: a lock timeout in the probe is retried as any other.
    private GuardRefusal(String script, String version, int statement, int line, boolean rolledBack, boolean historyWasMissing,
                         List<ObjectVerdict> verdicts, boolean unverifiable, String kind, List<String> findings, String aftermath,
                         List<String> fixedAdvice, StampAdvice stampAdvice, boolean extraObjects, Throwable cause) {
        super(String.join("\n", findings) + "\n" + aftermath + "\n"
                + (fixedAdvice != null ? String.join("\n", fixedAdvice) : advice(version, kind, unverifiable, historyWasMissing, stampAdvice)),
                cause);
        this.script = script;
        this.version = version;
        this.statement = statement;
        this.line = line;
        this.rolledBack = rolledBack;
        this.historyWasMissing = historyWasMissing;
        this.verdicts = List.copyOf(verdicts);
        this.unverifiable = unverifiable;
        this.kind = kind;
        this.findings = List.copyOf(findings);
        this.aftermath = aftermath;
        this.fixedAdvice = fixedAdvice == null ? null : List.copyOf(fixedAdvice);
        this.stampAdvice = stampAdvice;
        this.extraObjects = extraObjects;
    }

    public String script() {
        return script;
    }

    /** The refused migration's version; null for a repeatable one. */
    public String version() {
        return version;
    }

    /** The refused statement's number in its script; 0 when the migration was refused as a whole. */
    public int statement() {
        return statement;
    }

    /** The line the refused statement starts on; 0 when the migration was refused as a whole. */
    public int line() {
        return line;
    }

    /** The objects that differ, each with its rendered difference lines. */
    public List<ObjectVerdict> differing() {
        return verdicts.stream().filter(v -> !v.identical()).toList();
    }

    /** What differs and where, one line each, without what stays of the migration and without the advice. */
    public List<String> findings() {
        return findings;
    }

    /** Whether the refused statement ran in a transaction, so that nothing of its migration persisted. */
    public boolean rolledBack() {
        return rolledBack;
    }

    /**
     * Whether judging the whole migration can answer this refusal: not when it names objects no migration
     * builds (a policy beside an adopted table), which a replay of the migration would not see either.
     */
    public boolean judgeableAsAWhole() {
        return !extraObjects;
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
        return new GuardRefusal(script, version, statement, line, rolledBack, historyWasMissing, verdicts, unverifiable, kind, findings,
                aftermath, fixedAdvice, advice, extraObjects);
    }

    /** The same refusal, saying {@code aftermath} instead of what it said of the migration ("Nothing of V2 was applied."). */
    GuardRefusal withAftermath(String aftermath) {
        return new GuardRefusal(script, version, statement, line, false, historyWasMissing, verdicts, unverifiable, kind, findings,
                aftermath, fixedAdvice, stampAdvice, extraObjects);
    }

    /**
     * The refusal restated for the whole migration: {@code findings} says what its final result differs in,
     * {@code kind} the kind of the first object that differs ("table").
     */
    public GuardRefusal judgedAsAWhole(List<String> findings, String kind, List<ObjectVerdict> differing, StampAdvice advice) {
        return new GuardRefusal(script, version, 0, 0, rolledBack, historyWasMissing, differing, false, kind, findings,
                nothingApplied(script, version), null, advice, false);
    }

    /**
     * The objects a statement collided with are identical, but it builds more that the database does not hold, and
     * the guard could not build it exactly: refused naming each missing or different part, never skipped without it.
     */
    static GuardRefusal incomplete(String script, String version, int number, int line, List<ObjectVerdict> unmet, String why,
                                   boolean rolledBack) {
        List<String> lines = new ArrayList<>();
        lines.add(script + ", statement " + number + " (line " + line + "): what this statement collided with is identical,"
                + " but it also builds what the database does not hold" + (why == null ? "" : ", and the guard could not build it: " + why)
                + ":");
        for (ObjectVerdict verdict : unmet) {
            lines.add("  " + verdict.object() + ":");
            verdict.differences().forEach(d -> lines.add("    " + d));
        }
        return new GuardRefusal(script, version, number, line, rolledBack, false, unmet, false, "objects", lines,
                nothingApplied(script, version),
                List.of("Build what is missing (or add a migration that does), or split the statement so each part is judged on its own,"
                        + " and run the upgrade again."), StampAdvice.ONLY_FORCED, false);
    }

    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing,
                           boolean rolledBack) {
        return of(script, version, number, line, result, historyWasMissing, rolledBack, nothingApplied(script, version));
    }

    /** "V2", or the script's name for a repeatable migration. */
    static String shortName(String script, String version) {
        return version == null ? script : "V" + version;
    }

    /** @param aftermath what of the migration stays in the database */
    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing,
                           boolean rolledBack, String aftermath) {
        List<String> lines = new ArrayList<>();
        String where = script + ", statement " + number + " (line " + line + "): ";
        if (result.probeError() != null) {
            return probeFailure(script, version, number, line, where, result, rolledBack, aftermath);
        }
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
        return new GuardRefusal(script, version, number, line, rolledBack, historyWasMissing, result.verdicts(),
                result.unverifiable() != null, kind(result.verdicts()), lines, aftermath, null, StampAdvice.ONLY_FORCED, false);
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
        String aftermath = transactional ? nothingApplied(script, version)
                : shortName(script, version) + " ran outside a transaction: what its statements did stays.";
        String them = extra.size() == 1 ? "it" : "them";
        List<String> advice = List.of("Drop " + them + ", or add the migration that creates " + them + ", and run the upgrade again."
                + " If a statement the guard cannot read creates " + them + " (a DO block), verify the range against a replay and record"
                + " it with mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version));
        return new GuardRefusal(script, version, 0, 0, transactional, false, verdicts, false, "objects", lines, aftermath, advice,
                StampAdvice.ONLY_FORCED, true);
    }

    // The probe itself failed: the statement may be right and the existing object identical, or not; the guard cannot tell.
    private static GuardRefusal probeFailure(String script, String version, int number, int line, String where, ProbeResult result,
                                             boolean rolledBack, String aftermath) {
        SQLException error = result.probeError();
        List<String> findings = List.of(where + "the guard could not decide whether " + result.failedObject() + " already exists as"
                + " this statement builds it: " + result.failedStep() + " failed (SQLSTATE " + error.getSQLState() + "): "
                + ServerMessage.brief(error));
        List<String> advice = List.of("Compare the existing object with the statement by hand. If it is what the migration builds, record"
                + " the migration with mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version) + " (stamp compares"
                + " the database with a replay of the migrations); if the error above is the statement's own, fix the statement;"
                + " otherwise drop or rename the existing object. Then run the upgrade again.");
        return new GuardRefusal(script, version, number, line, rolledBack, false, List.of(), true, "objects", findings, aftermath,
                advice, StampAdvice.UNKNOWN, false, error);
    }

    private static String nothingApplied(String script, String version) {
        return "Nothing of " + shortName(script, version) + " was applied.";
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
