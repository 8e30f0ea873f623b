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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One goal at a time, for profiling (JFR) and server-side timing: {@code GoalProfile <log-copy|-> N goal...},
 * goals adopt, adoptHalf (a schema at the middle version), stamp, verify, plain, createOnly; each is run
 * {@code bench.runs} times on fresh databases, interleaved, and its wall times printed.
 */
public final class GoalProfile {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        String logCopy = args[0];
        int n = Integer.parseInt(args[1]);
        List<String> goals = Arrays.asList(args).subList(2, args.length);
        int runs = Integer.getInteger("bench.runs", 1);
        Path work = Files.createTempDirectory("schema-profile-");
        Map<String, String> config = new HashMap<>(Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off"));
        if (!logCopy.equals("-")) {
            config.put("log_min_duration_statement", "0");
            config.put("log_line_prefix", "%m:%p:%d:");
            config.put("log_connections", "on");
            config.put("log_disconnections", "on");
        }
        SchemaEngine engine = new SchemaEngine(Boolean.getBoolean("profile.verbose") ? printing() : Log.silent());
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), config), DefaultPostgresBinaryResolver.INSTANCE)) {
            Path full = MigrationSetGenerator.write(work.resolve("full"), n, false);
            Path createOnly = MigrationSetGenerator.write(work.resolve("create-only"), n, true);
            UpgradeProfile.postmasterPid = server.clusterDirectory().resolve("postmaster.pid");
            int[] databases = {0};
            Map<String, List<Long>> times = new HashMap<>();
            for (int run = Boolean.getBoolean("profile.noWarmUp") ? 0 : -1; run < runs; run++) {
                for (String goal : goals) {
                    String db = "p_" + goal.toLowerCase() + "_" + (++databases[0]);
                    try (Connection c = server.superuserConnection("postgres")) {
                        c.createStatement().execute("CREATE DATABASE " + db);
                    }
                    String url = server.jdbcUrl(db);
                    Runnable action = switch (goal) {
                        case "plain" -> () -> flyway(url, full, null).migrate();
                        case "createOnly" -> () -> flyway(url, createOnly, null).migrate();
                        case "adopt" -> {
                            flyway(url, createOnly, null).migrate();
                            erase(url);
                            yield () -> engine.upgrade(settings(url, createOnly));
                        }
                        case "adoptHalf" -> {
                            flyway(url, full, String.valueOf(n / 2)).migrate();
                            erase(url);
                            yield () -> engine.upgrade(settings(url, full));
                        }
                        case "stamp" -> {
                            flyway(url, full, null).migrate();
                            erase(url);
                            yield () -> {
                                StampReport report = engine.stamp(settings(url, full), new StampSettings("latest", false, false),
                                        ShadowSettings.automatic(), CLASSPATH_BINARIES);
                                if (report.outcome() != StampReport.Outcome.STAMPED) {
                                    throw new IllegalStateException(String.join("\n", report.lines()));
                                }
                            };
                        }
                        case "verify" -> {
                            flyway(url, full, null).migrate();
                            yield () -> engine.verify(settings(url, full), ShadowSettings.automatic(), CLASSPATH_BINARIES);
                        }
                        default -> throw new IllegalArgumentException(goal);
                    };
                    try (Connection c = server.superuserConnection("postgres")) {
                        c.createStatement().execute("SELECT 'goal-start " + db + "'");
                    }
                    System.gc();
                    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == MemoryType.HEAP).toList();
                    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                    Thread.sleep(300); // the set-up's backends exit and are reaped before the goal's count starts
                    long server0 = UpgradeProfile.serverCpu();
                    long jvm0 = OS.getProcessCpuTime();
                    long start = System.nanoTime();
                    action.run();
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    long jvmCpu = (OS.getProcessCpuTime() - jvm0) / 1_000_000;
                    Thread.sleep(300); // the goal's backends exit and are reaped
                    long serverCpu = UpgradeProfile.serverCpu() - server0;
                    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
                    try (Connection c = server.superuserConnection("postgres")) {
                        c.createStatement().execute("SELECT 'goal-end " + db + "'");
                    }
                    if (run >= 0) {
                        times.computeIfAbsent(goal, g -> new ArrayList<>()).add(millis);
                    }
                    System.out.println(goal + " " + db + " " + millis + " ms, JVM CPU " + jvmCpu + " ms, server CPU " + serverCpu
                            + " ms, peak heap " + peak + " MiB");
                }
            }
            times.forEach((goal, list) -> System.out.println("median " + goal + " " + list.stream().sorted().toList().get(list.size() / 2)
                    + " ms " + list));
            if (!logCopy.equals("-")) {
                Files.copy(EmbeddedServer.serverLog(work.resolve("data")), Path.of(logCopy), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    // The JVM's CPU time: the client's work (Flyway's resolving and parsing, the comparison), less sensitive to load than wall time.
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static Log printing() {
        return new Log() {
            public boolean isDebugEnabled() { return false; }
            public void debug(String message) { }
            public void info(String message) { System.out.println("[info] " + message); }
            public void warn(String message) { System.out.println("[warn] " + message); }
            public void error(String message) { System.out.println("[error] " + message); }
        };
    }

    private static void erase(String url) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", EmbeddedServerSettings.SUPERUSER);
        try (Connection c = new org.postgresql.Driver().connect(url, props)) {
            c.createStatement().execute("DROP TABLE flyway_schema_history");
        }
    }

    private static Flyway flyway(String url, Path dir, String target) {
        var config = Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + dir);
        return (target == null ? config : config.target(target)).load();
    }

    private static MigrationSettings settings(String url, Path dir) {
        return new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                List.of("filesystem:" + dir), null, Map.of(), null, GuardMode.VERIFY, false);
    }
}
