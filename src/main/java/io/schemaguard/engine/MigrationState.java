package io.schemaguard.engine;

import java.util.Locale;

/**
 * The state of one migration as {@code history} and {@code current} show it (SPEC §6). {@code CREATED} is not a
 * migration: the row in which Flyway recorded creating the managed schemas it names (type {@code SCHEMA}).
 */
public enum MigrationState {
    APPLIED, ADOPTED, COMPLETED, STAMPED, FORCED, PENDING, FAILED, MISSING, FUTURE, IGNORED, OUT_OF_ORDER, ABOVE_TARGET, BASELINE, UNDONE, DELETED,
    CREATED;

    private static final String SCHEMA_CREATION = "SCHEMA";

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Our state for Flyway's and the row's type; the audit table refines APPLIED into adopted/completed/stamped/forced. */
    static MigrationState ofFlyway(String flywayState, String type) {
        if (SCHEMA_CREATION.equals(type) && "SUCCESS".equals(flywayState)) {
            return CREATED;
        }
        return switch (flywayState) {
            case "SUCCESS" -> APPLIED;
            case "PENDING" -> PENDING;
            case "FAILED" -> FAILED;
            case "MISSING_SUCCESS", "MISSING_FAILED" -> MISSING;
            case "FUTURE_SUCCESS", "FUTURE_FAILED" -> FUTURE;
            case "OUT_OF_ORDER" -> OUT_OF_ORDER;
            case "ABOVE_TARGET" -> ABOVE_TARGET;
            case "BASELINE", "BELOW_BASELINE", "BASELINE_IGNORED" -> BASELINE;
            case "UNDONE" -> UNDONE;
            case "DELETED" -> DELETED;
            default -> IGNORED;
        };
    }
}
