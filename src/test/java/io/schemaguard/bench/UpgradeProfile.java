package io.schemaguard.bench;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain Flyway's migrate and upgrade at one N, interleaved (the order swapped every run), for profiling a shared machine:
 * per goal its wall time, the JVM's and the main thread's CPU time, the server's CPU time (the postmaster's reaped
 * backends) and the database's statistics (sessions, commits); then the median ratio of the main thread's CPU.
 * Usage: {@code java … io.schemaguard.bench.UpgradeProfile N RUNS} (add -XX:StartFlightRecording=… for a profile).
 */
public final class UpgradeProfile {
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger flywayLog = java.util.logging.Logger.getLogger("org.flywaydb");
        flywayLog.setLevel(java.util.logging.Level.WARNING);
        int n = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("schema-profile-");
        SchemaEngine engine = new SchemaEngine(Log.silent());
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")), DefaultPostgresBinaryResolver.INSTANCE)) {
            postmasterPid = server.clusterDirectory().resolve("postmaster.pid");
            Path full = MigrationSetGenerator.write(work.resolve("full"), n, false);
            List<Double> ratios = new ArrayList<>();
            int db = 0;
            for (int run = 0; run < runs; run++) {
                String plainUrl = database(server, "p" + ++db);
                String upUrl = database(server, "u" + db);
                long plain, upgrade;
                if (run % 2 == 0) {
                    plain = time("plain", () -> Flyway.configure().dataSource(plainUrl, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate());
                    upgrade = time("upgrade", () -> engine.upgrade(settings(upUrl, full)));
                } else {
                    upgrade = time("upgrade", () -> engine.upgrade(settings(upUrl, full)));
                    plain = time("plain", () -> Flyway.configure().dataSource(plainUrl, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate());
                }
                time("plain-0", () -> Flyway.configure().dataSource(plainUrl, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate());
                time("upgrade-0", () -> engine.upgrade(settings(upUrl, full)));
                stats(server, "p" + db);
                stats(server, "u" + db);
                double r = (double) upgrade / plain;
                if (run >= 2) {
                    ratios.add(r);
                }
                System.out.printf("run %d client CPU: plain %d ms upgrade %d ms ratio %.3f%n", run, plain / 1_000_000, upgrade / 1_000_000, r);
            }
            ratios.sort(null);
            System.out.printf("median ratio (after 2 warm-up runs) %.3f over %d%n", ratios.get(ratios.size() / 2), ratios.size());
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    // The main thread's CPU time: the client's own work, less sensitive to the neighbours than the wall time.
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    static Path postmasterPid;

    // The server's CPU: the postmaster's reaped children (every backend of the goal has exited when it returns).
    static long serverCpu() {
        try {
            String pid = Files.readAllLines(postmasterPid).get(0).strip();
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10; // cutime + cstime, clock ticks of 10 ms
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long time(String name, Runnable r) {
        long start = THREADS.getCurrentThreadCpuTime();
        long process = OS.getProcessCpuTime();
        long server = serverCpu();
        long wall = System.nanoTime();
        r.run();
        long wallMs = (System.nanoTime() - wall) / 1_000_000;
        try {
            Thread.sleep(300); // the backends exit and are reaped
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        System.out.printf("  %-8s wall %6d ms, JVM CPU %5d ms (main thread %5d ms), server CPU %5d ms%n", name, wallMs,
                (OS.getProcessCpuTime() - process) / 1_000_000, (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000, serverCpu() - server);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static void stats(EmbeddedServer server, String name) throws Exception {
        try (Connection c = server.superuserConnection("postgres"); var rs = c.createStatement().executeQuery(
                "SELECT sessions, xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_deleted, blks_hit, session_time::bigint, active_time::bigint "
                        + "FROM pg_stat_database WHERE datname = '" + name + "'")) {
            rs.next();
            System.out.printf("  %s: sessions %d commits %d rollbacks %d returned %d fetched %d inserted %d deleted %d hits %d session %d ms active %d ms%n", name,
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10));
        }
    }

    private static String database(EmbeddedServer server, String name) throws Exception {
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return server.jdbcUrl(name);
    }

    private static MigrationSettings settings(String url, Path dir) {
        return new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                List.of("filesystem:" + dir), null, Map.of(), null, GuardMode.VERIFY, false);
    }
}
