package io.schemaguard.guard;

import io.schemaguard.guard.ObjectTarget.Kind;
import io.schemaguard.guard.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * An ALTER TABLE statement split into its actions, so the actions whose column or constraint already
 * exists (and is identical) can be taken out and the rest run as the statement would have run them.
 */
final class AlterTableActions {
    private AlterTableActions() {
    }

    /**
     * The statement without the ADD COLUMN / ADD CONSTRAINT actions that add one of {@code existing};
     * null when it is no ALTER TABLE, or when nothing of it is left to run.
     */
    static String without(String sql, List<ObjectTarget> existing) {
        List<Token> tokens = SqlTokens.of(sql);
        int i = 0;
        if (!is(tokens, i, "alter") || !is(tokens, i + 1, "table")) {
            return null;
        }
        i += 2;
        if (is(tokens, i, "if") && is(tokens, i + 1, "exists")) {
            i += 2;
        }
        if (is(tokens, i, "only")) {
            i++;
        }
        i++; // the table's name
        if (is(tokens, i, ".")) {
            i += 2;
        }
        if (i < tokens.size() && tokens.get(i).text().equals("*")) {
            i++;
        }
        if (i >= tokens.size()) {
            return null;
        }
        int end = sql.length();
        Token last = tokens.get(tokens.size() - 1);
        if (last.text().equals(";") && last.depth() == 0) {
            end = last.offset();
        }
        String head = sql.substring(0, tokens.get(i).offset());
        List<String> kept = new ArrayList<>();
        int start = i;
        for (int at = i; at <= tokens.size(); at++) {
            boolean boundary = at == tokens.size() || tokens.get(at).depth() == 0 && !tokens.get(at).quoted()
                    && (tokens.get(at).text().equals(",") || tokens.get(at).text().equals(";"));
            if (!boundary) {
                continue;
            }
            if (start < at) {
                int to = at == tokens.size() ? end : Math.min(tokens.get(at).offset(), end);
                if (!adds(tokens, start, existing)) {
                    kept.add(sql.substring(tokens.get(start).offset(), to).strip());
                }
            }
            start = at + 1;
        }
        return kept.isEmpty() ? null : head + String.join(", ", kept);
    }

    // ADD [COLUMN] [IF NOT EXISTS] name … or ADD CONSTRAINT name …
    private static boolean adds(List<Token> tokens, int at, List<ObjectTarget> existing) {
        if (!is(tokens, at, "add")) {
            return false;
        }
        at++;
        Kind kind = Kind.COLUMN;
        if (is(tokens, at, "constraint")) {
            kind = Kind.CONSTRAINT;
            at++;
        } else {
            if (is(tokens, at, "column")) {
                at++;
            }
            if (is(tokens, at, "if") && is(tokens, at + 1, "not") && is(tokens, at + 2, "exists")) {
                at += 3;
            }
        }
        if (at >= tokens.size()) {
            return false;
        }
        String name = tokens.get(at).text();
        Kind added = kind;
        return existing.stream().anyMatch(t -> t.kind() == added && t.name().equals(name));
    }

    private static boolean is(List<Token> tokens, int at, String keyword) {
        return at < tokens.size() && tokens.get(at).is(keyword);
    }
}
