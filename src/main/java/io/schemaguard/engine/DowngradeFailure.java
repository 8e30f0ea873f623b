package io.schemaguard.engine;

import io.schemaguard.output.SchemaFailure;

/** A step of a downgrade failed and was rolled back; the steps before it stay done, as {@link #completed()} says. */
public final class DowngradeFailure extends SchemaFailure {
    private final transient DowngradeReport completed;
    private final transient DowngradeStep failed;
    private final int planned;

    DowngradeFailure(String message, DowngradeReport completed, DowngradeStep failed, int planned, Throwable cause) {
        super(message, cause);
        this.completed = completed;
        this.failed = failed;
        this.planned = planned;
    }

    public DowngradeReport completed() {
        return completed;
    }

    /** The migration whose undo failed. */
    public String script() {
        return failed.migrationFile();
    }

    /** The undo script that failed. */
    public String undoScript() {
        return failed.undo().fileName();
    }

    /** How many migrations the downgrade was to undo. */
    public int planned() {
        return planned;
    }
}
