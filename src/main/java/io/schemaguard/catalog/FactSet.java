package io.schemaguard.catalog;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One catalog query of a snapshot; a probe reads only the sets that describe what its statement creates. */
public enum FactSet {
    SCHEMAS, RELATIONS, COLUMNS, CONSTRAINTS, INDEXES, TRIGGERS, POLICIES, FUNCTIONS, TYPES;

    public static final Set<FactSet> ALL = EnumSet.allOf(FactSet.class);

    String resource() {
        return name().toLowerCase(Locale.ROOT) + ".sql";
    }
}
