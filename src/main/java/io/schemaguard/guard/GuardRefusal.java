package io.schemaguard.guard;

import io.schemaguard.output.SchemaFailure;

import java.util.ArrayList;
import java.util.List;

/** A statement's object exists and differs (or cannot be compared): the migration is refused. */
public final class GuardRefusal extends SchemaFailure {
    private final String script;
    private final List<ObjectVerdict> verdicts;

    GuardRefusal(String message, String script, List<ObjectVerdict> verdicts) {
        super(message);
        this.script = script;
        this.verdicts = List.copyOf(verdicts);
    }

    public String script() {
        return script;
    }

    public List<ObjectVerdict> verdicts() {
        return verdicts;
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
        lines.add("Nothing of " + (version == null ? script : "V" + version) + " was applied.");
        lines.add("Build what is missing (or add a migration that does), or split the statement so each part is judged on its own,"
                + " and run the upgrade again.");
        return new GuardRefusal(String.join("\n", lines), script, unmet);
    }

    static GuardRefusal of(String script, String version, int number, int line, ProbeResult result, boolean historyWasMissing) {
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
        String shortName = version == null ? script : "V" + version;
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
}
