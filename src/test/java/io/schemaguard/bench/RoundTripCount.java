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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Round trips to the server per goal (bench/run.sh): the JDBC driver's flushes, counted by
 * {@link CountingSocketFactory} on every connection the goal opens. Independent of the machine's load.
 */
public final class RoundTripCount {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String COUNTING = "socketFactory=" + CountingSocketFactory.class.getName();

    private final EmbeddedServer server;
    private final SchemaEngine engine = new SchemaEngine(Log.silent());
    private int databases;

    private RoundTripCount(EmbeddedServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger flywayLog = java.util.logging.Logger.getLogger("org.flywaydb"); // held: a logger only referenced by name is collected
        flywayLog.setLevel(java.util.logging.Level.WARNING);
        List<Integer> sizes = args.length == 0 ? List.of(50, 200, 1000) : Arrays.stream(args).map(Integer::valueOf).toList();
        Path work = Files.createTempDirectory("schema-bench-trips-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")), DefaultPostgresBinaryResolver.INSTANCE)) {
            RoundTripCount count = new RoundTripCount(server);
            System.out.println("Round trips (driver flushes), every connection of the goal counted:");
            System.out.println();
            System.out.println("| N | plain Flyway migrate | upgrade (guard on) | upgrade − plain | (upgrade − plain) / plain "
                    + "| plain, nothing pending | upgrade, nothing pending | verify | stamp latest |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int n : sizes) {
                count.measure(work.resolve("n" + n), n);
            }
        }
    }

    private void measure(Path dir, int n) throws Exception {
        Path full = MigrationSetGenerator.write(dir.resolve("full"), n, false);
        String plainDb = database();
        long plain = count(() -> Flyway.configure().dataSource(plainDb, EmbeddedServerSettings.SUPERUSER, null)
                .locations("filesystem:" + full).load().migrate());
        long plainNothing = count(() -> Flyway.configure().dataSource(plainDb, EmbeddedServerSettings.SUPERUSER, null)
                .locations("filesystem:" + full).load().migrate());
        String guarded = database();
        long upgrade = count(() -> engine.upgrade(settings(guarded, full)));
        long nothingPending = count(() -> engine.upgrade(settings(guarded, full)));
        long verify = count(() -> engine.verify(settings(guarded, full), ShadowSettings.automatic(), CLASSPATH_BINARIES));
        String stamped = database();
        Flyway.configure().dataSource(stamped, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate();
        try (Connection c = server.superuserConnection("trips_" + databases)) {
            c.createStatement().execute("DROP TABLE flyway_schema_history");
        }
        long stamp = count(() -> {
            StampReport report = engine.stamp(settings(stamped, full), new StampSettings("latest", false, false),
                    ShadowSettings.automatic(), CLASSPATH_BINARIES);
            if (report.outcome() != StampReport.Outcome.STAMPED) {
                throw new IllegalStateException("stamp did not verify: " + report.lines());
            }
        });
        System.out.printf("| %d | %d | %d | %+d | %+.1f %% | %d | %d | %d | %d |%n", n, plain, upgrade, upgrade - plain,
                100.0 * (upgrade - plain) / plain, plainNothing, nothingPending, verify, stamp);
    }

    @FunctionalInterface
    private interface Goal {
        void run() throws Exception;
    }

    private static long count(Goal goal) throws Exception {
        CountingSocketFactory.takeCount();
        goal.run();
        return CountingSocketFactory.takeCount();
    }

    private String database() throws Exception {
        String name = "trips_" + ++databases;
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = server.jdbcUrl(name);
        return url + (url.contains("?") ? "&" : "?") + COUNTING;
    }

    private static MigrationSettings settings(String url, Path dir) {
        return new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                List.of("filesystem:" + dir), null, Map.of(), null, GuardMode.VERIFY, false);
    }
}
