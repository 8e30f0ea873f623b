package io.schemaguard.catalog;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One catalog query of a snapshot; a probe reads only the sets that describe what its statement creates. */
public enum FactSet {
    SCHEMAS, RELATIONS, COLUMNS, CONSTRAINTS, INDEXES, TRIGGERS, POLICIES, FUNCTIONS, TYPES,
    /** Owners, privileges, comments ({@link ReportedFacts}): facets of objects the other sets found, never objects of their own. */
    PRIVILEGES;

    public static final Set<FactSet> ALL = EnumSet.allOf(FactSet.class);

    /** Whether this set only adds facets to objects the others found (an object with nothing but an owner is no object). */
    boolean describesOnly() {
        return this == PRIVILEGES;
    }

    String resource() {
        return name().toLowerCase(Locale.ROOT) + ".sql";
    }
}
