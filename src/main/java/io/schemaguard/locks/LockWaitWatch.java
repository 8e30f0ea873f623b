package io.schemaguard.locks;

import io.schemaguard.output.Log;
import io.schemaguard.settings.LockSettings;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches the migration connections, from a second connection and a thread of its own, for
 * statements blocked by another session's lock, and says who holds it: once the statement has
 * waited the report interval, then every interval. Also keeps the last blocker it saw, for the
 * message of a statement that gave up waiting. It never fails a migration itself.
 */
public final class LockWaitWatch implements AutoCloseable {
    private static final Duration SHORTEST_POLL = Duration.ofMillis(50);

    private final Supplier<Connection> watcherConnection;
    private final LockSettings settings;
    private final Log log;
    private final long pollMillis;
    // Migration connections and their backends' pids, read once each.
    private final Map<Connection, Integer> watched = new ConcurrentHashMap<>();
    // Touched by the watch's thread only.
    private final Map<Integer, Report> reports = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private Connection watcher;
    private volatile LockWait lastWait;

    /** A report of one wait: which statement (by its start) and when it is next due. */
    private record Report(OffsetDateTime statementStart, long dueAtMillis) {
    }

    /** @param watcherConnection opens the second connection, on the first poll that has something to watch */
    public LockWaitWatch(Supplier<Connection> watcherConnection, LockSettings settings, Log log) {
        this.watcherConnection = Objects.requireNonNull(watcherConnection);
        this.settings = Objects.requireNonNull(settings);
        this.log = Objects.requireNonNull(log);
        // Polled more often than reported, and several times within a lock timeout, so that a statement
        // that gives up waiting can still name who blocked it.
        Duration shortest = settings.timeout() == null || settings.timeout().compareTo(settings.reportInterval()) > 0
                ? settings.reportInterval() : settings.timeout();
        this.pollMillis = Math.max(SHORTEST_POLL.toMillis(), shortest.toMillis() / 4);
    }

    /**
     * Prepares a fresh migration connection (still in autocommit): sets the lock timeout, when one is
     * configured, and watches the connection until it is closed.
     */
    public void attach(Connection connection) throws SQLException {
        if (settings.timeout() != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = " + settings.timeout().toMillis());
            }
        }
        watched.put(connection, backendPid(connection));
        start();
    }

    // The driver learnt the pid when it connected: no round trip, unless the connection is someone's wrapper.
    private static int backendPid(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return connection.unwrap(PGConnection.class).getBackendPID();
        }
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The last wait seen since {@link #forget()}, if any. */
    public Optional<LockWait> lastWait() {
        return Optional.ofNullable(lastWait);
    }

    /** Forgets the last wait: called before a migration runs again, so that only its own wait is named. */
    public void forget() {
        lastWait = null;
    }

    private synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "schema-lock-wait-watch");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        watched.keySet().removeIf(LockWaitWatch::closed);
        if (watched.isEmpty()) {
            stopWhenIdle();
            return;
        }
        try {
            List<LockWait> waits = read(watched.values().stream().distinct().toArray(Integer[]::new));
            reports.keySet().retainAll(waits.stream().map(LockWait::pid).toList());
            for (LockWait wait : waits) {
                lastWait = wait;
                report(wait);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Cannot read the lock waits of the migration: " + e.getMessage());
            closeWatcher();
        }
    }

    private List<LockWait> read(Integer[] pids) throws SQLException {
        if (watcher == null) {
            watcher = watcherConnection.get();
        }
        List<LockWait> waits = BlockingSessions.read(watcher, pids);
        for (LockWait wait : waits) {
            Report report = reports.get(wait.pid());
            if (report == null || !Objects.equals(report.statementStart(), wait.statementStart())) {
                reports.put(wait.pid(), new Report(wait.statementStart(), settings.reportInterval().toMillis()));
            }
        }
        return waits;
    }

    private void report(LockWait wait) {
        Report report = reports.get(wait.pid());
        if (wait.millis() < report.dueAtMillis()) {
            return;
        }
        long interval = settings.reportInterval().toMillis();
        reports.put(wait.pid(), new Report(report.statementStart(), Math.max(report.dueAtMillis() + interval, wait.millis() + interval / 2)));
        log.info("Waiting for a lock: the migration statement \"" + wait.statement() + "\" (backend " + wait.pid() + ", running for "
                + seconds(wait.millis()) + ") is blocked by " + wait.describeHolders() + ". "
                + (settings.timeout() == null
                ? "It waits as long as that session holds the lock (no lockTimeout set): let it commit or roll back, or end it."
                : "It gives up after lockTimeout " + settings.describeTimeout() + "."));
    }

    private static String seconds(long millis) {
        return millis >= 10_000 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    // The thread and the second connection live only while a migration connection is open.
    private synchronized void stopWhenIdle() {
        if (!watched.isEmpty() || scheduler == null) {
            return;
        }
        scheduler.shutdown();
        scheduler = null;
        closeWatcher();
        reports.clear();
    }

    private void closeWatcher() {
        if (watcher == null) {
            return;
        }
        try {
            watcher.close();
        } catch (SQLException ignored) {
            // a connection to a server that went away: nothing left to release
        }
        watcher = null;
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeWatcher();
    }
}
