package io.schemaguard.guard;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Tells statements that change rows (whose effect no catalog comparison can verify) from the rest. */
public final class DataStatement {
    private static final Set<String> VERBS = Set.of("insert", "update", "delete", "merge", "copy", "truncate");

    private DataStatement() {
    }

    /** The statement's data verb (INSERT, UPDATE…), also behind a WITH clause; empty for DDL and queries. */
    public static Optional<String> verbOf(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        SqlTokens.Token first = tokens.get(0);
        if (!first.quoted() && VERBS.contains(first.text())) {
            return Optional.of(first.text().toUpperCase());
        }
        if (first.is("with")) {
            return tokens.stream().filter(t -> !t.quoted() && VERBS.contains(t.text())).findFirst().map(t -> t.text().toUpperCase());
        }
        return Optional.empty();
    }
}
