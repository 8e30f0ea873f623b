package io.schemaguard.catalog;

/**
 * One way two objects differ: {@code column status  expected varchar(20) NOT NULL  found text NULL}.
 *
 * @param subject the facet that differs; null when the difference is the whole object (missing or extra)
 */
public record Difference(String subject, String expected, String found) {
    public static final String MISSING = "(missing)";
    public static final String ABSENT = "(none)";
}
