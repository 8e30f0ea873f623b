package io.schemaguard.bench;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.Log;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain Flyway against the plugin's engine on generated migration sets, on one embedded server,
 * each measurement on a fresh database; prints a Markdown table of medians (bench/run.sh).
 */
public final class SchemaBenchmark {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final EmbeddedServer server;
    private final SchemaEngine engine = new SchemaEngine(Log.silent());
    private final AtomicInteger databases = new AtomicInteger();
    private long peakHeap;

    private SchemaBenchmark(EmbeddedServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger flywayLog = java.util.logging.Logger.getLogger("org.flywaydb");
        flywayLog.setLevel(java.util.logging.Level.WARNING);
        List<Integer> sizes = args.length == 0 ? List.of(50, 200, 1000) : Arrays.stream(args).map(Integer::valueOf).toList();
        int runs = Integer.getInteger("bench.runs", 3);
        Path work = Files.createTempDirectory("schema-bench-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")), DefaultPostgresBinaryResolver.INSTANCE)) {
            SchemaBenchmark benchmark = new SchemaBenchmark(server);
            System.out.println("PostgreSQL " + server.majorVersion() + ", " + runs + " runs per cell, median; Java "
                    + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
            System.out.println();
            System.out.println("| N | plain Flyway migrate | upgrade (guard on) | ratio | apply create-only | upgrade, all exist | ratio "
                    + "| stamp latest | ratio | verify | (verify − 1 s) / replay | peak heap |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            benchmark.measure(work.resolve("warm-up"), 20, 1, false);
            for (int n : sizes) {
                benchmark.measure(work.resolve("n" + n), n, runs, true);
            }
        }
    }

    private void measure(Path dir, int n, int runs, boolean print) throws Exception {
        Path full = MigrationSetGenerator.write(dir.resolve("full"), n, false);
        Path createOnlySet = MigrationSetGenerator.write(dir.resolve("create-only"), n, true);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        peakHeap = 0;
        for (int run = 0; run < runs; run++) {
            String plain = database();
            record(times, "plain", () -> flyway(plain, full).migrate());
            String guarded = database();
            record(times, "upgrade", () -> engine.upgrade(settings(guarded, full)));
            record(times, "verify", () -> engine.verify(settings(guarded, full), ShadowSettings.automatic(), CLASSPATH_BINARIES));

            String scratch = database();
            record(times, "createOnly", () -> flyway(scratch, createOnlySet).migrate());
            eraseHistory(scratch);
            record(times, "adopt", () -> engine.upgrade(settings(scratch, createOnlySet)));

            String stamped = database();
            flyway(stamped, full).migrate();
            eraseHistory(stamped);
            record(times, "stamp", () -> {
                StampReport report = engine.stamp(settings(stamped, full), new StampSettings("latest", false, false),
                        ShadowSettings.automatic(), CLASSPATH_BINARIES);
                if (report.outcome() != StampReport.Outcome.STAMPED) {
                    throw new IllegalStateException("stamp did not verify: " + report.lines());
                }
            });
        }
        long plain = median(times.get("plain"));
        long upgrade = median(times.get("upgrade"));
        long createOnly = median(times.get("createOnly"));
        long adopt = median(times.get("adopt"));
        long stamp = median(times.get("stamp"));
        long verify = median(times.get("verify"));
        if (!print) {
            return;
        }
        System.out.printf("| %d | %s | %s | %.2f | %s | %s | %.2f | %s | %.2f | %s | %.2f | %d MiB |%n", n,
                s(plain), s(upgrade), (double) upgrade / plain, s(createOnly), s(adopt), (double) adopt / createOnly,
                s(stamp), (double) stamp / plain, s(verify), Math.max(0, verify - 1000) / (double) plain, peakHeap / (1024 * 1024));
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private void record(Map<String, List<Long>> times, String name, Action action) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        action.run();
        times.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);
        peakHeap = Math.max(peakHeap, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
    }

    private String database() throws Exception {
        String name = "bench_" + databases.incrementAndGet();
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return server.jdbcUrl(name);
    }

    private static void eraseHistory(String url) throws Exception {
        try (Connection c = new org.postgresql.Driver().connect(url, props())) {
            c.createStatement().execute("DROP TABLE flyway_schema_history");
        }
    }

    private static java.util.Properties props() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", EmbeddedServerSettings.SUPERUSER);
        return props;
    }

    private static Flyway flyway(String url, Path dir) {
        return Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + dir).load();
    }

    private static MigrationSettings settings(String url, Path dir) {
        return new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                List.of("filesystem:" + dir), null, Map.of(), null, GuardMode.VERIFY, false);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String s(long millis) {
        return String.format("%.2f s", millis / 1000.0);
    }
}
