package io.schemaguard.catalog;

import java.util.Locale;

/** Whether owners, privileges and comments count as differences ({@link ReportedFacts}). */
public enum CompareMode {
    /** Reported (a warning, a section of the report), never a difference: environments differ in roles. */
    DEFAULT,
    /** Differences like any other fact: a different owner, grant or comment refuses, and is drift. */
    STRICT;

    public static CompareMode parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compare must be 'default' or 'strict', not '" + value + "'");
        }
    }
}
