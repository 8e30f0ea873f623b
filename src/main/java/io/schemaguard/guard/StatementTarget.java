package io.schemaguard.guard;

import io.schemaguard.guard.ObjectTarget.Kind;
import io.schemaguard.guard.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * Names the objects a DDL statement creates, so the guard can find the incumbent that made it
 * fail with "already exists". Empty when the statement is not one the guard can compare.
 */
final class StatementTarget {
    private final List<Token> tokens;
    private int position;

    private StatementTarget(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<ObjectTarget> of(String sql) {
        return new StatementTarget(SqlTokens.of(sql)).targets();
    }

    /** Whether a CREATE SCHEMA statement also creates objects in the schema (CREATE SCHEMA app CREATE TABLE …). */
    static boolean createsSchemaElements(String sql) {
        StatementTarget statement = new StatementTarget(SqlTokens.of(sql));
        if (!statement.accept("create", "schema")) {
            return false;
        }
        statement.skipIfNotExists();
        if (!statement.accept("authorization")) {
            statement.next();
            if (statement.accept("authorization")) {
                statement.next();
            }
        } else {
            statement.next();
        }
        return statement.position < statement.tokens.size() && !statement.peek(";");
    }

    private List<ObjectTarget> targets() {
        if (accept("create")) {
            return create();
        }
        if (accept("alter") && accept("table")) {
            return alterTable();
        }
        return List.of();
    }

    private List<ObjectTarget> create() {
        accept("or", "replace");
        while (acceptAny("temp", "temporary", "unlogged", "global", "local", "recursive", "trusted", "constraint")) {
            // modifiers that do not change what kind of object is created
        }
        boolean unique = accept("unique");
        if (accept("table")) {
            return named(Kind.TABLE);
        }
        if (accept("index")) {
            accept("concurrently");
            skipIfNotExists();
            if (peek("on")) {
                return List.of(); // unnamed: PostgreSQL picks a free name, nothing can collide
            }
            String[] name = qualifiedName();
            if (name == null || !accept("on")) {
                return List.of();
            }
            accept("only");
            String[] table = qualifiedName();
            return table == null ? List.of() : List.of(new ObjectTarget(Kind.INDEX, table[0], name[1], table[0], table[1]));
        }
        if (unique) {
            return List.of();
        }
        if (accept("materialized", "view")) {
            return named(Kind.MATERIALIZED_VIEW);
        }
        if (accept("view")) {
            return named(Kind.VIEW);
        }
        if (accept("sequence")) {
            return named(Kind.SEQUENCE);
        }
        if (acceptAny("function", "procedure")) {
            return named(Kind.FUNCTION);
        }
        if (accept("type")) {
            return named(Kind.TYPE);
        }
        if (accept("domain")) {
            return named(Kind.DOMAIN);
        }
        if (accept("extension")) {
            return named(Kind.EXTENSION);
        }
        if (accept("schema")) {
            skipIfNotExists();
            if (peek("authorization")) {
                position++;
                Token role = next();
                return role == null ? List.of() : List.of(ObjectTarget.of(Kind.SCHEMA, null, role.text()));
            }
            Token name = next();
            return name == null || !name.isWord() ? List.of() : List.of(ObjectTarget.of(Kind.SCHEMA, null, name.text()));
        }
        if (accept("policy")) {
            Token name = next();
            if (name == null || !name.isWord() || !accept("on")) {
                return List.of();
            }
            String[] table = qualifiedName();
            return table == null ? List.of() : List.of(new ObjectTarget(Kind.POLICY, table[0], name.text(), table[0], table[1]));
        }
        if (accept("trigger")) {
            Token name = next();
            if (name == null || !name.isWord()) {
                return List.of();
            }
            while (position < tokens.size() && !(tokens.get(position).is("on") && tokens.get(position).depth() == 0)) {
                position++;
            }
            if (!accept("on")) {
                return List.of();
            }
            String[] table = qualifiedName();
            return table == null ? List.of() : List.of(new ObjectTarget(Kind.TRIGGER, table[0], name.text(), table[0], table[1]));
        }
        return List.of();
    }

    private List<ObjectTarget> named(Kind kind) {
        skipIfNotExists();
        String[] name = qualifiedName();
        return name == null ? List.of() : List.of(ObjectTarget.of(kind, name[0], name[1]));
    }

    // ALTER TABLE t ADD [COLUMN] c …, ADD CONSTRAINT k …: the columns and named constraints it adds
    private List<ObjectTarget> alterTable() {
        skipIfExists();
        accept("only");
        String[] table = qualifiedName();
        if (table == null) {
            return List.of();
        }
        List<ObjectTarget> targets = new ArrayList<>();
        while (position < tokens.size()) {
            if (!accept("add")) {
                skipToNextAction();
                continue;
            }
            if (accept("constraint")) {
                Token name = next();
                if (name != null && name.isWord()) {
                    targets.add(new ObjectTarget(Kind.CONSTRAINT, table[0], name.text(), table[0], table[1]));
                }
            } else if (!peekAny("primary", "unique", "check", "foreign", "exclude")) {
                accept("column");
                skipIfNotExists();
                Token name = next();
                if (name != null && name.isWord()) {
                    targets.add(new ObjectTarget(Kind.COLUMN, table[0], name.text(), table[0], table[1]));
                }
            }
            skipToNextAction();
        }
        return targets;
    }

    private void skipToNextAction() {
        while (position < tokens.size()) {
            Token token = tokens.get(position++);
            if (token.text().equals(",") && !token.quoted() && token.depth() == 0) {
                return;
            }
        }
    }

    private String[] qualifiedName() {
        Token first = next();
        if (first == null || !first.isWord()) {
            return null;
        }
        if (peek(".")) {
            position++;
            Token second = next();
            return second == null || !second.isWord() ? null : new String[] {first.text(), second.text()};
        }
        return new String[] {null, first.text()};
    }

    private void skipIfNotExists() {
        accept("if", "not", "exists");
    }

    private void skipIfExists() {
        accept("if", "exists");
    }

    private Token next() {
        return position < tokens.size() ? tokens.get(position++) : null;
    }

    private boolean peek(String keyword) {
        return position < tokens.size() && tokens.get(position).is(keyword);
    }

    private boolean peekAny(String... keywords) {
        for (String keyword : keywords) {
            if (peek(keyword)) {
                return true;
            }
        }
        return false;
    }

    private boolean acceptAny(String... keywords) {
        for (String keyword : keywords) {
            if (accept(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** Consumes the keywords only if all of them come next, in order. */
    private boolean accept(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            int at = position + i;
            if (at >= tokens.size() || !tokens.get(at).is(keywords[i])) {
                return false;
            }
        }
        position += keywords.length;
        return true;
    }
}
