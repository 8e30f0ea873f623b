package io.schemaguard.catalog;

import java.util.regex.Pattern;

/** Identifiers as the catalog queries print them. */
public final class Identifier {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Identifier() {
    }

    /** An identifier as PostgreSQL's quote_ident prints it (reserved words aside). */
    public static String quote(String identifier) {
        return PLAIN.matcher(identifier).matches() ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
