package io.schemaguard.engine;

import io.schemaguard.output.SchemaFailure;

/** A stamp refused: the database does not hold what the migrations up to the version build; nothing was recorded. */
public final class StampRefusal extends SchemaFailure {
    private final transient StampReport report;

    StampRefusal(StampReport report) {
        super(report.refusal());
        this.report = report;
    }

    /** What did not verify, as a report with outcome {@code REFUSED}. */
    public StampReport report() {
        return report;
    }
}
