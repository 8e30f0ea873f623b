package io.schemaguard.settings;

import java.util.Locale;

/** How an upgrade treats a statement whose object already exists. */
public enum GuardMode {
    /** Compare the existing object with what the statement builds: identical is skipped, different refused. */
    VERIFY,
    /** Plain Flyway behaviour: the statement fails. */
    OFF;

    public static GuardMode parse(String value) {
        if (value == null || value.isBlank()) {
            return VERIFY;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("guard must be 'verify' or 'off', not '" + value + "'");
        }
    }
}
