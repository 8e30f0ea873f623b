package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

/**
 * A migration running outside a transaction stopped after some of its statements had run: they
 * stay, and no history row is written (not even a failed one), so the next guarded upgrade runs it
 * again and adopts what they built. Never retried after a lock timeout: the statements that ran
 * were not rolled back.
 */
public final class PartlyRunMigration extends SchemaFailure {
    public PartlyRunMigration(String message, Throwable cause) {
        super(message, cause);
    }
}
