package io.schemaguard.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a statement's head: identifiers (unquoted ones folded to lower case, as
 * PostgreSQL folds them, and all of them truncated to the 63 bytes the server keeps), quoted
 * identifiers, punctuation, string literals (one token each); comments skipped.
 * Only enough to name the object a DDL statement creates — PostgreSQL decides what it builds.
 */
final class SqlTokens {
    /**
     * One token; {@code quoted} tells a "Quoted" identifier from a keyword; a string literal is {@code '} with its value;
     * {@code offset} is where it starts in the statement's text.
     */
    record Token(String text, boolean quoted, int depth, String literal, int offset) {
        Token(String text, boolean quoted, int depth, int offset) {
            this(text, quoted, depth, null, offset);
        }

        boolean is(String keyword) {
            return !quoted && text.equals(keyword);
        }

        boolean isWord() {
            return quoted || (!text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_'));
        }
    }

    private SqlTokens() {
    }

    // PostgreSQL folds only A-Z in an unquoted identifier of a UTF-8 database: "Ä" stays "Ä".
    private static String folded(String word) {
        StringBuilder folded = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int begin = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nesting = 1;
                i += 2;
                while (i < n && nesting > 0) {
                    if (sql.startsWith("/*", i)) {
                        nesting++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nesting--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '"') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '"') {
                        if (i + 1 < n && sql.charAt(i + 1) == '"') {
                            name.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.append(sql.charAt(i++));
                }
                tokens.add(new Token(ServerName.truncated(name.toString()), true, depth, begin));
            } else if (c == '\'') {
                int start = ++i;
                while (i < n && !(sql.charAt(i) == '\'' && (i + 1 >= n || sql.charAt(i + 1) != '\''))) {
                    i += sql.charAt(i) == '\'' ? 2 : 1;
                }
                tokens.add(new Token("'", false, depth, sql.substring(start, Math.min(i, n)).replace("''", "'"), begin));
                i++;
            } else if (c == '$') {
                int end = sql.indexOf('$', i + 1);
                String tag = end < 0 ? "$" : sql.substring(i, end + 1);
                if (end > 0 && tag.matches("\\$[A-Za-z_]*\\$")) {
                    int close = sql.indexOf(tag, end + 1);
                    i = close < 0 ? n : close + tag.length();
                    tokens.add(new Token("$", false, depth, begin));
                } else {
                    i++;
                }
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(ServerName.truncated(folded(sql.substring(start, i))), false, depth, begin));
            } else {
                if (c == '(') {
                    tokens.add(new Token("(", false, depth, begin));
                    depth++;
                } else if (c == ')') {
                    depth = Math.max(0, depth - 1);
                    tokens.add(new Token(")", false, depth, begin));
                } else {
                    tokens.add(new Token(String.valueOf(c), false, depth, begin));
                }
                i++;
            }
        }
        return tokens;
    }
}
