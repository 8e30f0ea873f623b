package io.schemaguard.catalog;

import java.util.Locale;

/** The kinds of schema object the catalog model knows (SPEC: identity of objects). */
public enum ObjectKind {
    SCHEMA, EXTENSION, TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, INDEX, TRIGGER, POLICY, FUNCTION, TYPE, DOMAIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
