package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The JSON pieces the goals' reports share: why a goal failed, the objects that did not verify, a run's versions and migrations. */
final class ReportJson {
    private ReportJson() {
    }

    /** {@code kind} ({@code refused}, {@code failed}) and the message, as the goal printed it. */
    static Map<String, Object> failure(String kind, String message) {
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("kind", kind);
        why.put("message", message);
        return why;
    }

    /** A failure's kind and message; {@code mask} hides secrets. */
    static Map<String, Object> failure(String kind, RuntimeException failure, UnaryOperator<String> mask) {
        return failure(kind, mask.apply(String.valueOf(failure.getMessage())));
    }

    /** Upgrade's and downgrade's report: the outcome, the versions before and after, one entry per migration, the failure. */
    static Map<String, Object> run(String outcome, boolean dryRun, String versionBefore, String versionAfter, List<Object> migrations,
                                   Map<String, Object> failure) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("outcome", outcome);
        root.put("dryRun", dryRun);
        root.put("versionBefore", versionBefore);
        root.put("versionAfter", versionAfter);
        root.put("migrations", migrations);
        root.put("failure", failure);
        return root;
    }

    /** Each object that did not verify, with its differences. */
    static List<Object> unverified(List<DiffGroup> groups) {
        return groups.stream().<Object>map(group -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("object", group.title());
            entry.put("differences", differences(group));
            return entry;
        }).toList();
    }

    /** A group's differences: what differs ({@code null}: the object itself), what was expected and found ({@code null}: none). */
    static List<Object> differences(DiffGroup group) {
        return group.differences().stream().<Object>map(d -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("subject", d.subject());
            item.put("expected", Difference.ABSENT.equals(d.expected()) ? null : DiffText.display(d.expected()));
            item.put("found", Difference.MISSING.equals(d.found()) ? null : DiffText.display(d.found()));
            return item;
        }).toList();
    }
}
