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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code mvn schema:verify} and {@code mvn schema:stamp -Dschema.version=latest} against {@code mvn flyway:migrate}
 * (Flyway's own Maven plugin, the same Flyway version) of the same generated set, as a user runs them: one
 * {@code mvn} process per measurement, the three interleaved in every run (their order rotated), each on a database of
 * its own on one embedded server with default durability (fsync on): an empty one for the migrate, one Flyway migrated
 * for verify, the same without its history table for stamp. Prints a Markdown table of medians and of the medians of
 * the runs' ratios, by wall time and by the Maven JVM's CPU time (bench/run.sh, section "goals").
 */
public final class MavenGoalBenchmark {
    private static final String FLYWAY_PLUGIN = "13.12.0";

    private final EmbeddedServer server;
    private final Path repository;
    private final String pluginVersion;
    private final AtomicInteger databases = new AtomicInteger();

    private MavenGoalBenchmark(EmbeddedServer server, Path repository, String pluginVersion) {
        this.server = server;
        this.repository = repository;
        this.pluginVersion = pluginVersion;
    }

    public static void main(String[] args) throws Exception {
        // the root logger, which LogManager holds: a logger referenced only by name ("org.flywaydb") may be collected, its level lost
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        List<Integer> sizes = args.length == 0 ? List.of(50, 200) : Arrays.stream(args).map(Integer::valueOf).toList();
        int runs = Integer.getInteger("bench.runs", 3);
        Path repository = Path.of(System.getProperty("bench.repository", "target/it-repo")).toAbsolutePath();
        Path work = Files.createTempDirectory("schema-mvn-bench-");
        // A server as users run one, commits waiting for the disk: what a throwaway shadow may skip is measured too.
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of()), DefaultPostgresBinaryResolver.INSTANCE)) {
            MavenGoalBenchmark benchmark = new MavenGoalBenchmark(server, repository, System.getProperty("bench.pluginVersion"));
            System.out.println("PostgreSQL " + server.majorVersion() + ", mvn -o -q, " + runs + " runs per cell, the three goals' order"
                    + " rotated every run; medians; a ratio is the median of the runs' ratios to flyway:migrate; CPU: user + system of the Maven JVM");
            System.out.println();
            System.out.println("| N | mvn flyway:migrate | mvn schema:verify | ratio | CPU ratio | mvn schema:stamp latest | ratio | CPU ratio |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            benchmark.measure(work.resolve("warm-up"), 10, 1, false);
            for (int n : sizes) {
                benchmark.measure(work.resolve("n" + n), n, runs, true);
            }
        }
    }

    private void measure(Path dir, int n, int runs, boolean print) throws Exception {
        Path migrations = MigrationSetGenerator.write(dir.resolve("migrations"), n, false).toAbsolutePath();
        Path project = project(dir.resolve("project"), migrations);
        Map<String, List<MavenRun>> times = new LinkedHashMap<>();
        // The warm-up may resolve what the plugins need (flyway-maven-plugin's dependencies); measured runs are offline.
        boolean offline = print;
        for (int run = 0; run < runs; run++) {
            // every goal on its own database, made before the clock starts, so that the order can rotate every run
            String empty = database();
            String migrated = migratedByFlyway(migrations);
            String restored = migratedByFlyway(migrations);
            try (Connection c = new org.postgresql.Driver().connect(restored, props())) {
                c.createStatement().execute("DROP TABLE flyway_schema_history");
            }
            List<String[]> goals = new ArrayList<>(List.of(
                    new String[] {"migrate", "flyway:migrate", "-Dflyway.url=" + empty},
                    new String[] {"verify", goal("verify"), "-Dschema.url=" + migrated},
                    new String[] {"stamp", goal("stamp"), "-Dschema.url=" + restored, "-Dschema.version=latest"}));
            Collections.rotate(goals, run);
            for (String[] goal : goals) {
                MavenRun timed = MavenRun.of(project, repository, offline, project.resolve(goal[0] + ".log"),
                        Arrays.asList(goal).subList(1, goal.length));
                times.computeIfAbsent(goal[0], k -> new ArrayList<>()).add(timed);
                System.err.printf("n=%d run %d: %s %d ms (CPU %d ms)%n", n, run + 1, goal[0], timed.wallMillis(), timed.cpuMillis());
            }
        }
        if (!print) {
            return;
        }
        List<MavenRun> migrate = times.get("migrate");
        List<MavenRun> verify = times.get("verify");
        List<MavenRun> stamp = times.get("stamp");
        System.out.printf("| %d | %.2f s | %.2f s | %.2f | %s | %.2f s | %.2f | %s |%n", n, MavenRun.median(migrate, MavenRun::wallMillis) / 1000.0,
                MavenRun.median(verify, MavenRun::wallMillis) / 1000.0, MavenRun.ratio(verify, migrate, MavenRun::wallMillis),
                MavenRun.cpuRatio(verify, migrate), MavenRun.median(stamp, MavenRun::wallMillis) / 1000.0,
                MavenRun.ratio(stamp, migrate, MavenRun::wallMillis), MavenRun.cpuRatio(stamp, migrate));
    }

    private String migratedByFlyway(Path migrations) throws Exception {
        String url = database();
        Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + migrations).load().migrate();
        return url;
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
                  <!-- as in an application's project: its tests' dependencies (which a goal may or may not resolve) -->
                  <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                    <version>%s</version><scope>test</scope></dependency></dependencies>
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
                """.formatted(MavenGoalTimings.JUNIT_VERSION, pluginVersion, user, location, FLYWAY_PLUGIN, user, location, FLYWAY_PLUGIN));
        return dir;
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

}
