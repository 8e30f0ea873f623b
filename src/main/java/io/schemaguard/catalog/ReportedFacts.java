package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Owners, privileges and comments (the {@link FactSet#PRIVILEGES} facets): environments differ in
 * roles, so they are reported rather than compared unless {@link CompareMode#STRICT}; grants to
 * PUBLIC and the owners of SECURITY DEFINER functions are told about whatever was expected.
 */
public final class ReportedFacts {
    static final String OWNER = "owner";
    static final String DEFINER_OWNER = "owner (SECURITY DEFINER)";
    private static final String PRIVILEGES = "privileges";
    private static final String COMMENT = "comment";
    private static final String PUBLIC_ENTRY = "PUBLIC: ";
    private static final String PUBLIC_EXECUTE_REVOKED = "revoked PUBLIC: EXECUTE";

    /** The heading of the reports' own section for them. */
    public static final String HEADING = "Reported, not compared (owners, privileges, comments; -Dschema.compare=strict compares them):";

    private ReportedFacts() {
    }

    /** Whether a facet is an owner, privileges or a comment (of the object, or of one of its columns or constraints). */
    public static boolean isReported(String subject) {
        return subject.equals(OWNER) || subject.equals(DEFINER_OWNER) || subject.equals(PRIVILEGES) || subject.equals(COMMENT)
                || subject.startsWith(PRIVILEGES + " on ") || subject.startsWith(COMMENT + " on ");
    }

    /** The warnings a found object always gets: its grants to PUBLIC, and whose privileges a SECURITY DEFINER function runs with. */
    static List<ReportedFact> warnings(DbObject found) {
        List<ReportedFact> warnings = new ArrayList<>();
        String object = found.key().describe();
        for (Map.Entry<String, String> facet : found.facets().entrySet()) {
            String subject = facet.getKey();
            if (subject.equals(PRIVILEGES) || subject.startsWith(PRIVILEGES + " on ")) {
                for (String entry : facet.getValue().split("; ")) {
                    if (entry.startsWith(PUBLIC_ENTRY)) {
                        warnings.add(new ReportedFact(object, subject, ReportedFact.Reason.PUBLIC_GRANT, null,
                                entry.substring(PUBLIC_ENTRY.length())));
                    }
                }
            }
        }
        String definer = found.facets().get(DEFINER_OWNER);
        if (definer != null) {
            warnings.add(new ReportedFact(object, DEFINER_OWNER, ReportedFact.Reason.SECURITY_DEFINER, null, definer));
            // PUBLIC may execute a function unless that is revoked: a default grant, but one that matters here.
            String privileges = found.facets().getOrDefault(PRIVILEGES, "");
            if (!List.of(privileges.split("; ")).contains(PUBLIC_EXECUTE_REVOKED)) {
                warnings.add(new ReportedFact(object, PRIVILEGES, ReportedFact.Reason.PUBLIC_GRANT, null, "EXECUTE (by default)"));
            }
        }
        return warnings;
    }
}
