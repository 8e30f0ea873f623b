package io.schemaguard.engine;

import io.schemaguard.output.SchemaFailure;

/** A stamp or baseline refused: the database does not hold what the migrations build; nothing was recorded. */
public class RecordingRefusal extends SchemaFailure {
    private final transient RecordingReport report;

    RecordingRefusal(RecordingReport report) {
        super(report.refusal());
        this.report = report;
    }

    /** What did not verify, as a report with outcome {@code REFUSED}. */
    public RecordingReport report() {
        return report;
    }
}
