package io.schemaguard.settings;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The rule for identifiers given as parameters ({@code table}, {@code schemas}, {@code defaultSchema}):
 * Flyway pastes the history table's name into its DDL unquoted in places, so only a plain
 * identifier is accepted, short enough that no name derived from it is truncated by PostgreSQL.
 */
final class PlainIdentifier {
    /** PostgreSQL keeps NAMEDATALEN - 1 bytes of an identifier and silently drops the rest. */
    static final int MAX_BYTES = 63;
    /** The longest suffix of a name derived from the history table's: its audit table's sequence. */
    static final String LONGEST_TABLE_SUFFIX = "_audit_id_seq";

    private static final Pattern PLAIN = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

    private PlainIdentifier() {
    }

    static void checkTable(String table) {
        check("table", table, MAX_BYTES - LONGEST_TABLE_SUFFIX.length(), " (its audit table's sequence is named "
                + table + LONGEST_TABLE_SUFFIX + ", and PostgreSQL keeps " + MAX_BYTES + " bytes of a name)");
    }

    static void checkSchema(String parameter, String schema) {
        check(parameter, schema, MAX_BYTES, " (PostgreSQL keeps " + MAX_BYTES + " bytes of a name)");
    }

    private static void check(String parameter, String value, int maxBytes, String why) {
        if (!PLAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + " '" + value + "' is not a plain identifier: use letters, digits, _ and $,"
                    + " starting with a letter or _ (no quotes, spaces, dots or other signs). Nothing was changed.");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(parameter + " '" + value + "' is " + bytes + " bytes long in UTF-8; it may be at most "
                    + maxBytes + why + ". Choose a shorter name. Nothing was changed.");
        }
    }
}
