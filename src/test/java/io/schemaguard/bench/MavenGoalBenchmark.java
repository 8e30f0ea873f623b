package io.schemaguard.bench;

import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code mvn schema:verify} and {@code mvn schema:stamp -Dschema.version=latest} against {@code mvn flyway:migrate}
 * (Flyway's own Maven plugin, the same Flyway version) of the same generated set, as a user runs them: one
 * {@code mvn} process per measurement, wall time, the three interleaved in every run, each on a fresh database
 * of one embedded server with default durability (fsync on). Prints a Markdown table of medians and ratios (bench/run.sh, section "Maven goals").
 */
public final class MavenGoalBenchmark {
    private static final String FLYWAY_PLUGIN = "13.12.0";

    private final EmbeddedServer server;
    private final Path repository;
    private final String pluginVersion;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean offline;

    private MavenGoalBenchmark(EmbeddedServer server, Path repository, String pluginVersion) {
        this.server = server;
        this.repository = repository;
        this.pluginVersion = pluginVersion;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        List<Integer> sizes = args.length == 0 ? List.of(50, 200) : Arrays.stream(args).map(Integer::valueOf).toList();
        int runs = Integer.getInteger("bench.runs", 3);
        Path repository = Path.of(System.getProperty("bench.repository", "target/it-repo")).toAbsolutePath();
        Path work = Files.createTempDirectory("schema-mvn-bench-");
        // A server as users run one, commits waiting for the disk: what a throwaway shadow may skip is measured too.
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of()), DefaultPostgresBinaryResolver.INSTANCE)) {
            MavenGoalBenchmark benchmark = new MavenGoalBenchmark(server, repository, System.getProperty("bench.pluginVersion"));
            System.out.println("PostgreSQL " + server.majorVersion() + ", " + runs + " runs per cell, median of mvn wall time (-o -q)");
            System.out.println();
            System.out.println("| N | mvn flyway:migrate | mvn schema:verify | ratio | mvn schema:stamp latest | ratio |");
            System.out.println("|---|---|---|---|---|---|");
            benchmark.measure(work.resolve("warm-up"), 10, 1, false);
            for (int n : sizes) {
                benchmark.measure(work.resolve("n" + n), n, runs, true);
            }
        }
    }

    private void measure(Path dir, int n, int runs, boolean print) throws Exception {
        Path migrations = MigrationSetGenerator.write(dir.resolve("migrations"), n, false).toAbsolutePath();
        Path project = project(dir.resolve("project"), migrations);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        // The warm-up may resolve what the plugins need (flyway-maven-plugin's dependencies); measured runs are offline.
        offline = print;
        for (int run = 0; run < runs; run++) {
            String migrated = database();
            time(times, "migrate", project, "flyway:migrate", "-Dflyway.url=" + migrated);
            time(times, "verify", project, goal("verify"), "-Dschema.url=" + migrated);
            String restored = database();
            Flyway.configure().dataSource(restored, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + migrations).load().migrate();
            try (Connection c = new org.postgresql.Driver().connect(restored, props())) {
                c.createStatement().execute("DROP TABLE flyway_schema_history");
            }
            time(times, "stamp", project, goal("stamp"), "-Dschema.url=" + restored, "-Dschema.version=latest");
        }
        if (!print) {
            return;
        }
        long migrate = median(times.get("migrate"));
        long verify = median(times.get("verify"));
        long stamp = median(times.get("stamp"));
        System.out.printf("| %d | %.2f s | %.2f s | %.2f | %.2f s | %.2f |%n", n, migrate / 1000.0, verify / 1000.0, (double) verify / migrate,
                stamp / 1000.0, (double) stamp / migrate);
    }

    // By coordinates: the prefix needs a pluginGroup in the user's settings.xml, which a benchmark does not assume.
    private String goal(String name) {
        return "io.schemaguard:schema-maven-plugin:" + pluginVersion + ":" + name;
    }

    private Path project(Path dir, Path migrations) throws Exception {
        Files.createDirectories(dir);
        String location = "<locations><location>filesystem:" + migrations + "</location></locations>";
        String user = "<user>" + EmbeddedServerSettings.SUPERUSER + "</user>";
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId><artifactId>maven-goals</artifactId><version>1</version><packaging>pom</packaging>
                  <build><plugins>
                    <plugin><groupId>io.schemaguard</groupId><artifactId>schema-maven-plugin</artifactId><version>%s</version>
                      <configuration>%s%s</configuration></plugin>
                    <plugin><groupId>org.flywaydb</groupId><artifactId>flyway-maven-plugin</artifactId><version>%s</version>
                      <configuration>%s%s</configuration>
                      <dependencies>
                        <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-database-postgresql</artifactId><version>%s</version></dependency>
                        <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.14</version></dependency>
                      </dependencies></plugin>
                  </plugins></build>
                </project>
                """.formatted(pluginVersion, user, location, FLYWAY_PLUGIN, user, location, FLYWAY_PLUGIN));
        return dir;
    }

    private void time(Map<String, List<Long>> times, String name, Path project, String... goal) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dmaven.repo.local=" + repository));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(goal));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve(name + ".log").toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("mvn " + String.join(" ", goal) + " failed: see " + project.resolve(name + ".log"));
        }
        times.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);
    }

    private String database() throws Exception {
        String name = "mvn_bench_" + databases.incrementAndGet();
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return server.jdbcUrl(name);
    }

    private static java.util.Properties props() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", EmbeddedServerSettings.SUPERUSER);
        return props;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
