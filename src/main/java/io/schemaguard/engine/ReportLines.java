package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.ReportedFact;
import io.schemaguard.catalog.ReportedFacts;

import java.util.List;

/** The text sections a stamp's and a baseline's reports share: what did not verify, and what is reported, not compared. */
final class ReportLines {
    private ReportLines() {
    }

    /** Each object that did not verify, indented under the line before. */
    static void unverified(List<DiffGroup> groups, List<String> lines) {
        for (DiffGroup group : groups) {
            DiffText.group(group).forEach(line -> lines.add("  " + line));
        }
    }

    /** Owners, privileges and comments that differ, under their heading; nothing when there are none. */
    static void reported(List<ReportedFact> reported, List<String> lines) {
        if (!reported.isEmpty()) {
            lines.add(ReportedFacts.HEADING);
            reported.forEach(fact -> lines.add("  " + fact.line()));
        }
    }
}
