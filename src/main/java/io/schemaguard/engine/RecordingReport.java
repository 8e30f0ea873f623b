package io.schemaguard.engine;

import java.util.List;

/** What a goal that records the history only after verifying it (stamp, baseline) reports: as text and as JSON. */
public interface RecordingReport {
    /** The lines the goal prints. */
    List<String> lines();

    /** The same facts for machines (fields documented in the README), with the refusal when the goal refused. */
    String json();

    /** The refusal as one message: what is missing or different, by which migration, and what to do. */
    String refusal();

    /** Whether the lines are warnings: the record was forced, or would be refused. */
    boolean warns();
}
