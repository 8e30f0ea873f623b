package io.schemaguard.settings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How migration statements wait for locks held by other sessions.
 *
 * @param timeout        PostgreSQL's {@code lock_timeout} for migration statements (null: the server's, by default wait as long as the lock is held)
 * @param retries        how many times a migration that hit the lock timeout is rolled back and run again
 * @param reportInterval how often a waiting statement reports what blocks it
 * @param retryPause     the pause before a migration is run again
 */
public record LockSettings(Duration timeout, int retries, Duration reportInterval, Duration retryPause) {
    /** The interval between two reports of a statement waiting for a lock. */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);
    /** The pause before a migration rolled back by a lock timeout runs again. */
    public static final Duration RETRY_PAUSE = Duration.ofSeconds(5);
    public static final LockSettings DEFAULT = new LockSettings(null, 0, REPORT_INTERVAL, RETRY_PAUSE);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s*(ms|s|min|h|d)?");
    // PostgreSQL keeps lock_timeout in milliseconds as a 32-bit integer.
    private static final long MAX_MILLIS = Integer.MAX_VALUE;

    public LockSettings {
        timeout = timeout == null || timeout.isZero() ? null : timeout;
        if (timeout != null && (timeout.isNegative() || timeout.toMillis() < 1 || timeout.toMillis() > MAX_MILLIS)) {
            throw new IllegalArgumentException("lock timeout out of range: " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("lockRetries must be 0 or more, not " + retries
                    + ". It says how many times a migration stopped by lockTimeout is rolled back and run again.");
        }
        reportInterval = reportInterval == null ? REPORT_INTERVAL : reportInterval;
        retryPause = retryPause == null ? RETRY_PAUSE : retryPause;
        if (reportInterval.isNegative() || reportInterval.isZero() || retryPause.isNegative()) {
            throw new IllegalArgumentException("report interval and retry pause must be positive");
        }
    }

    /**
     * The parameters as a user gives them: {@code lockTimeout} as PostgreSQL writes a duration
     * ({@code 10s}, {@code 500ms}, {@code 2min}; a bare number is milliseconds; {@code 0} or empty: wait).
     */
    public static LockSettings of(String lockTimeout, int lockRetries) {
        return new LockSettings(parseTimeout(lockTimeout), lockRetries, REPORT_INTERVAL, RETRY_PAUSE);
    }

    static Duration parseTimeout(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(invalid(text));
        }
        long unitMillis = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        // as PostgreSQL does, a fraction is rounded to the millisecond
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis)).setScale(0, RoundingMode.HALF_UP);
        if (millis.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
            throw new IllegalArgumentException("lockTimeout '" + text + "' is longer than PostgreSQL allows (about 24 days)."
                    + " Give a shorter one, or 0 to wait as long as the lock is held.");
        }
        return millis.signum() == 0 ? null : Duration.ofMillis(millis.longValueExact());
    }

    private static String invalid(String text) {
        return "lockTimeout must be a duration such as 10s, 500ms or 2min (a bare number is milliseconds; 0 waits as long as the"
                + " lock is held), not '" + text + "'. Nothing was changed.";
    }

    /** The same, with another interval between reports of a waiting statement. */
    public LockSettings withReportInterval(Duration interval) {
        return new LockSettings(timeout, retries, interval, retryPause);
    }

    /** The same, with another pause before a retry. */
    public LockSettings withRetryPause(Duration pause) {
        return new LockSettings(timeout, retries, reportInterval, pause);
    }

    /** The timeout as a user reads it, e.g. {@code 10s}. */
    public String describeTimeout() {
        if (timeout == null) {
            return "none";
        }
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
