package io.schemaguard.catalog;

/** One way two objects differ: {@code column status  expected varchar(20) NOT NULL  found text NULL}. */
public record Difference(String subject, String expected, String found) {
    public static final String MISSING = "(missing)";
    public static final String ABSENT = "(none)";
}
