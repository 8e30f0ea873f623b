package io.schemaguard.output;

import java.util.Arrays;

/** The first lines of a statement, indented to follow a {@code "  statement: "} label in a message. */
public final class SqlExcerpt {
    private static final int LINES = 6;
    private static final String INDENT = "\n             ";

    private SqlExcerpt() {
    }

    public static String of(String statement) {
        if (statement == null) {
            return "";
        }
        String[] lines = statement.strip().split("\\R");
        String shown = String.join(INDENT, Arrays.copyOf(lines, Math.min(lines.length, LINES)));
        return lines.length > LINES ? shown + INDENT + "…" : shown;
    }
}
