package io.schemaguard.locks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A session that holds a lock another one waits for, as {@code pg_stat_activity} shows it.
 *
 * @param pid            its backend's pid (0: a prepared transaction)
 * @param user           its user (null when not visible)
 * @param application    its {@code application_name}
 * @param state          e.g. {@code idle in transaction}
 * @param transactionStart when its transaction began (null: none, or not visible)
 * @param queryStart     when its current or last query began
 * @param query          the first line of that query
 */
public record LockHolder(int pid, String user, String application, String state, OffsetDateTime transactionStart,
                         OffsetDateTime queryStart, String query) {
    private static final int QUERY_WIDTH = 120;
    // '…' with doubled quotes inside, optionally E'…' with backslash escapes, and dollar-quoted bodies
    private static final Pattern STRING_LITERAL =
            Pattern.compile("(?s)[Ee]'(?:[^'\\\\]|\\\\.|'')*'|'(?:[^']|'')*'|(\\$[A-Za-z_]*\\$).*?\\1");

    /** One line naming the session: pid, user, application, state, since when, query. */
    public String describe() {
        if (pid == 0) {
            return "a prepared transaction (see pg_prepared_xacts; COMMIT PREPARED or ROLLBACK PREPARED ends it)";
        }
        StringBuilder text = new StringBuilder("pid ").append(pid).append(" (user ").append(user == null ? "?" : user)
                .append(", application '").append(application == null ? "" : application).append("'");
        if (state != null) {
            text.append(", ").append(state);
        }
        if (transactionStart != null) {
            text.append(", transaction open since ").append(time(transactionStart));
        }
        if (queryStart != null) {
            text.append(", ").append("active".equals(state) ? "query" : "last query").append(" started ").append(time(queryStart));
        }
        text.append(")");
        if (query != null && !query.isEmpty()) {
            text.append(": ").append(query);
        }
        return text.toString();
    }

    private static String time(OffsetDateTime at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The first line of another session's statement with its string literals blanked: that session's
     * query may carry a secret (ALTER ROLE … PASSWORD '…'), and the plugin prints no password.
     */
    public static String redactedFirstLine(String sql) {
        return firstLine(sql == null ? null : STRING_LITERAL.matcher(sql).replaceAll("'…'"));
    }

    /** The first line of a statement that is not blank nor a comment, cut to a readable width. */
    public static String firstLine(String sql) {
        if (sql == null) {
            return "";
        }
        String line = sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse(sql.strip());
        return line.length() <= QUERY_WIDTH ? line : line.substring(0, QUERY_WIDTH) + "…";
    }
}
