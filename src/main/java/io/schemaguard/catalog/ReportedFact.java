package io.schemaguard.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An owner, privilege or comment worth telling without being a difference: one that differs from
 * what the migrations build, a grant to PUBLIC, or the owner a SECURITY DEFINER function runs as.
 *
 * @param object   the object, as messages name it ({@code table public.t})
 * @param subject  the facet ({@code owner}, {@code privileges}, {@code comment on column x})
 * @param expected what the migrations build; null for a warning that compares nothing
 * @param found    what the database holds
 */
public record ReportedFact(String object, String subject, Reason reason, String expected, String found) {

    public enum Reason {
        /** Differs from what the statement or the replay built. */
        DIFFERS,
        /** Something is granted to PUBLIC beyond the default. */
        PUBLIC_GRANT,
        /** A SECURITY DEFINER function: it runs with its owner's privileges. */
        SECURITY_DEFINER;

        /** As the JSON report spells it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * As the JSON reports hold it: {@code object}, {@code subject}, {@code reason} ({@code differs},
     * {@code public grant}, {@code security definer}), {@code expected} (null when the migrations build none,
     * or for a warning that compares nothing) and {@code found} (null when the database has none).
     */
    public Map<String, Object> json() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("object", object);
        item.put("subject", subject);
        item.put("reason", reason.label());
        item.put("expected", expected == null || Difference.ABSENT.equals(expected) ? null : expected);
        item.put("found", Difference.MISSING.equals(found) ? null : found);
        return item;
    }

    /** One line for a warning or a report: {@code table public.t: privileges  expected default  found bob: SELECT}. */
    public String line() {
        return object + ": " + switch (reason) {
            case DIFFERS -> DiffText.lines(List.of(new Difference(subject, expected, found))).get(0);
            case PUBLIC_GRANT -> subject + " granted to PUBLIC: " + found;
            case SECURITY_DEFINER -> "SECURITY DEFINER, runs with the privileges of its owner " + found;
        };
    }
}
