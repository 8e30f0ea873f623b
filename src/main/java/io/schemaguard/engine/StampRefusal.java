package io.schemaguard.engine;

/** A stamp refused: the database does not hold what the migrations up to the version build; nothing was recorded. */
public final class StampRefusal extends RecordingRefusal {
    StampRefusal(StampReport report) {
        super(report);
    }

    @Override
    public StampReport report() {
        return (StampReport) super.report();
    }
}
