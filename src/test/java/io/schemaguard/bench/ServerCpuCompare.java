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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server CPU (the postmaster's reaped backends) and the database's statistics of plain Flyway's migrate and of
 * upgrade, each on a fresh database, interleaved (the order rotated every run), with optional URL suffixes:
 * {@code java -Dcompare.variants=plain,upgrade,upgrade-flushing … ServerCpuCompare N RUNS} ("upgrade-flushing": with
 * {@link IdleCallback}, which keeps the driver's flush of prepared statements on DDL; -Dcompare.pgss=true adds
 * pg_stat_statements, one file per variant in -Dcompare.out).
 */
public final class ServerCpuCompare {
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger flywayLog = java.util.logging.Logger.getLogger("org.flywaydb");
        flywayLog.setLevel(java.util.logging.Level.WARNING);
        int n = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        List<String> variants = List.of(System.getProperty("compare.variants", "plain,upgrade").split(","));
        Path work = Files.createTempDirectory("schema-cpu-");
        SchemaEngine engine = new SchemaEngine(Log.silent());
        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), config()),
                DefaultPostgresBinaryResolver.INSTANCE)) {
            UpgradeProfile.postmasterPid = server.clusterDirectory().resolve("postmaster.pid");
            Path full = MigrationSetGenerator.write(work.resolve("full"), n, false);
            int db = 0;
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < variants.size(); i++) {
                    String variant = variants.get((i + run) % variants.size());
                    String name = "d" + ++db;
                    try (Connection c = server.superuserConnection("postgres")) {
                        c.createStatement().execute("CREATE DATABASE " + name);
                    }
                    int q = variant.indexOf('?');
                    String url = server.jdbcUrl(name) + (q < 0 ? "" : variant.substring(q));
                    Thread.sleep(300); // the CREATE DATABASE backend exits and is reaped before the count starts
                    long before = UpgradeProfile.serverCpu();
                    CountingSocketFactory.takeCount();
                    long start = System.nanoTime();
                    if (variant.startsWith("plain")) {
                        Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate();
                    } else {
                        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                                List.of("filesystem:" + full), null, Map.of(), null, GuardMode.VERIFY, false);
                        engine.upgrade(variant.startsWith("upgrade-flushing") ? settings.withFlyway(io.schemaguard.settings.FlywayOptions.of(
                                Map.of(io.schemaguard.settings.FlywayOptions.CALLBACKS, IdleCallback.class.getName()))) : settings);
                    }
                    long wall = (System.nanoTime() - start) / 1_000_000;
                    long trips = CountingSocketFactory.takeCount(); // counted where the variant's URL names the factory
                    Thread.sleep(300);
                    long cpu = UpgradeProfile.serverCpu() - before;
                    long[] stats = stats(server, name);
                    long[] sample = new long[stats.length + 1];
                    sample[0] = cpu;
                    System.arraycopy(stats, 0, sample, 1, stats.length);
                    if (Boolean.getBoolean("compare.pgss")) {
                        statements(server, name, n, variant);
                    }
                    samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(sample);
                    System.out.printf("run %d %-40s server CPU %5d ms  wall %5d ms  round trips %d  sessions %d commits %d returned %d fetched %d hits %d%n", run, variant, cpu, wall, trips,
                            stats[0], stats[1], stats[2], stats[3], stats[4]);
                }
            }
        }
        for (var e : samples.entrySet()) {
            List<Long> cpu = e.getValue().stream().map(s -> s[0]).sorted().toList();
            System.out.printf("%-40s server CPU median %d ms, min %d ms, per migration (median) %.2f ms%n", e.getKey(), cpu.get(cpu.size() / 2), cpu.get(0),
                    cpu.get(cpu.size() / 2) / (double) n);
        }
    }

    private static Map<String, String> config() {
        Map<String, String> config = new java.util.HashMap<>(Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off", "autovacuum", "off"));
        if (Boolean.getBoolean("compare.pgss")) {
            config.put("shared_preload_libraries", "pg_stat_statements");
            config.put("pg_stat_statements.track", "all");
            config.put("pg_stat_statements.track_planning", "on");
            config.put("pg_stat_statements.max", "20000");
        }
        return config;
    }

    // pg_stat_statements of the database, one line per statement, to a file per variant (append).
    private static void statements(EmbeddedServer server, String name, int n, String variant) throws Exception {
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            StringBuilder out = new StringBuilder();
            try (var rs = c.createStatement().executeQuery("SELECT calls, plans, total_plan_time, total_exec_time, rows, shared_blks_hit, "
                    + "regexp_replace(left(query, 160), '\\s+', ' ', 'g') FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    + "WHERE d.datname = '" + name + "'")) {
                while (rs.next()) {
                    out.append(String.format(java.util.Locale.ROOT, "%s\t%d\t%d\t%.3f\t%.3f\t%d\t%d\t%s%n", name, rs.getLong(1), rs.getLong(2),
                            rs.getDouble(3), rs.getDouble(4), rs.getLong(5), rs.getLong(6), rs.getString(7)));
                }
            }
            Files.writeString(Path.of(System.getProperty("compare.out", "/tmp") , variant.replaceAll("[^a-zA-Z0-9]", "_") + ".tsv"), out,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static long[] stats(EmbeddedServer server, String name) throws Exception {
        try (Connection c = server.superuserConnection("postgres"); var rs = c.createStatement().executeQuery(
                "SELECT sessions, xact_commit, tup_returned, tup_fetched, blks_hit FROM pg_stat_database WHERE datname = '" + name + "'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
        }
    }
}
