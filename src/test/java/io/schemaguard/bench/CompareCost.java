package io.schemaguard.bench;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * The client's cost of one catalog snapshot's decoding and of one comparison, on the generated set applied by Flyway:
 * {@code CompareCost N RUNS}; prints the main thread's CPU per snapshot and per comparison (medians).
 */
public final class CompareCost {
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        int n = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("schema-compare-");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of("fsync", "off")), DefaultPostgresBinaryResolver.INSTANCE)) {
            Path full = MigrationSetGenerator.write(work.resolve("full"), n, false);
            try (Connection c = server.superuserConnection("postgres")) {
                c.createStatement().execute("CREATE DATABASE c");
            }
            String url = server.jdbcUrl("c");
            Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate();
            java.util.Properties props = new java.util.Properties();
            props.setProperty("user", EmbeddedServerSettings.SUPERUSER);
            long[] snapshots = new long[runs];
            long[] compares = new long[runs];
            try (Connection c = new org.postgresql.Driver().connect(url, props)) {
                for (int run = 0; run < runs; run++) {
                    long start = threads.getCurrentThreadCpuTime();
                    CatalogSnapshot a = CatalogSnapshot.take(c, List.of("public"), List.of("public.flyway_schema_history"));
                    CatalogSnapshot b = CatalogSnapshot.take(c, List.of("public"), List.of("public.flyway_schema_history"));
                    long middle = threads.getCurrentThreadCpuTime();
                    SchemaDiff diff = SchemaDiff.compare(a, b);
                    long end = threads.getCurrentThreadCpuTime();
                    if (!diff.identical()) {
                        throw new IllegalStateException("two snapshots of one schema differ");
                    }
                    snapshots[run] = (middle - start) / 2;
                    compares[run] = end - middle;
                }
            }
            java.util.Arrays.sort(snapshots);
            java.util.Arrays.sort(compares);
            System.out.printf("N = %d: client CPU per snapshot %.1f ms, per comparison %.1f ms (medians of %d)%n", n,
                    snapshots[runs / 2] / 1e6, compares[runs / 2] / 1e6, runs);
        }
    }
}
