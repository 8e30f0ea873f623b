package io.schemaguard.guard;

import io.schemaguard.output.SchemaFailure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A statement's object exists and differs (or cannot be compared, or the probe comparing it failed): the migration is refused. */
public final class GuardRefusal extends SchemaFailure {
    private final String script;
    private final List<ObjectVerdict> verdicts;

    GuardRefusal(String message, String script, List<ObjectVerdict> verdicts) {
        this(message, script, verdicts, null);
    }

    // The cause is the probe's own error, if any: a lock timeout in the probe is retried as any other.
    private GuardRefusal(String message, String script, List<ObjectVerdict> verdicts, Throwable cause) {
        super(message, cause);
        this.script = script;
        this.verdicts = List.copyOf(verdicts);
    }

    public String script() {
        return script;
    }

    public List<ObjectVerdict> verdicts() {
        return verdicts;
    }

    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing) {
        List<String> lines = new ArrayList<>();
        String where = script + ", statement " + number + " (line " + line + "): ";
        String shortName = version == null ? script : "V" + version;
        if (result.probeError() != null) {
            return probeFailure(script, where, shortName, version, result);
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
        lines.add("Nothing of " + shortName + " was applied.");
        if (historyWasMissing) {
            lines.add("This schema held objects but no history table. If a later migration changed this object, the early"
                    + " statement no longer matches it: verify the whole range against a replay and record it with"
                    + " mvn schema:stamp -Dschema.version=latest");
        } else if (result.unverifiable() == null) {
            String kind = result.verdicts().stream().filter(v -> !v.identical()).map(v -> v.object().startsWith("materialized view") ? "materialized view" : v.object().split(" ")[0]).findFirst().orElse("object");
            lines.add("Reconcile the " + kind + " (or add a migration that does), or, to accept the difference, run:"
                    + " mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version) + " -Dschema.force=true");
        } else {
            lines.add("Drop or rename the existing object, or remove the statement, and run the upgrade again.");
        }
        return new GuardRefusal(String.join("\n", lines), script, result.verdicts());
    }

    // The probe itself failed: the statement may be right and the existing object identical, or not; the guard cannot tell.
    private static GuardRefusal probeFailure(String script, String where, String shortName, String version, ProbeResult result) {
        SQLException error = result.probeError();
        String message = where + "the guard could not decide whether " + result.failedObject() + " already exists as this statement"
                + " builds it: " + result.failedStep() + " failed (SQLSTATE " + error.getSQLState() + "): " + ServerMessage.brief(error)
                + "\nNothing of " + shortName + " was applied."
                + "\nCompare the existing object with the statement by hand. If it is what the migration builds, record the migration"
                + " with mvn schema:stamp -Dschema.version=" + (version == null ? "<version>" : version) + " (stamp compares the"
                + " database with a replay of the migrations); if the error above is the statement's own, fix the statement; otherwise"
                + " drop or rename the existing object. Then run the upgrade again.";
        return new GuardRefusal(message, script, List.of(), error);
    }
}
