package io.schemaguard.engine;

import io.schemaguard.output.SchemaFailure;

/** A step of a downgrade failed and was rolled back; the steps before it stay done, as {@link #completed()} says. */
public final class DowngradeFailure extends SchemaFailure {
    private final transient DowngradeReport completed;

    DowngradeFailure(String message, DowngradeReport completed, Throwable cause) {
        super(message, cause);
        this.completed = completed;
    }

    public DowngradeReport completed() {
        return completed;
    }
}
