package io.schemaguard.bench;

import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn schema:upgrade} against {@code mvn flyway:migrate} (same Flyway version) as a user runs
 * them: one sample project per N, each goal on a fresh database, the two interleaved and the order
 * swapped every run; prints medians of wall and CPU time and the medians of the per-run ratios (bench/run.sh).
 * Arguments: the Maven repository holding both plugins, the plugin's version, then the N.
 */
public final class MavenGoalTimings {
    private static final String FLYWAY_VERSION = "13.12.0";
    // the plugin's own test dependency: in every repository that built the plugin, so the measured runs stay offline
    static final String JUNIT_VERSION = "5.13.4";

    private final EmbeddedServer server;
    private final Path repository;
    private final String pluginVersion;
    private int databases;

    private MavenGoalTimings(EmbeddedServer server, Path repository, String pluginVersion) {
        this.server = server;
        this.repository = repository;
        this.pluginVersion = pluginVersion;
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]).toAbsolutePath();
        String pluginVersion = args[1];
        List<Integer> sizes = args.length == 2 ? List.of(50, 200, 1000) : Arrays.stream(args).skip(2).map(Integer::valueOf).toList();
        int runs = Integer.getInteger("bench.runs", 3);
        Path work = Files.createTempDirectory("schema-bench-mvn-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")), DefaultPostgresBinaryResolver.INSTANCE)) {
            MavenGoalTimings timings = new MavenGoalTimings(server, repository, pluginVersion);
            System.out.println("mvn -o -q, " + runs + " runs per cell, interleaved; medians; a ratio is the median of the runs' ratios;"
                    + " CPU: user + system of the Maven JVM");
            System.out.println();
            System.out.println("| N | mvn flyway:migrate | mvn schema:upgrade | schema:upgrade / flyway:migrate"
                    + " | CPU flyway:migrate | CPU schema:upgrade | CPU ratio |");
            System.out.println("|---|---|---|---|---|---|---|");
            timings.measure(work.resolve("warm-up"), 20, 1, false);
            for (int n : sizes) {
                timings.measure(work.resolve("n" + n), n, runs, true);
            }
        }
    }

    private void measure(Path project, int n, int runs, boolean print) throws Exception {
        MigrationSetGenerator.write(project.resolve("src/main/resources/db/migration"), n, false);
        Files.writeString(project.resolve("pom.xml"), pom());
        List<MavenRun> flyway = new ArrayList<>();
        List<MavenRun> schema = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // the order swapped every run, so that neither goal always runs right after the other's server work
            if (run % 2 == 0) {
                flyway.add(time(project, "flyway:migrate", print));
                schema.add(time(project, "schema:upgrade", print));
            } else {
                schema.add(time(project, "schema:upgrade", print));
                flyway.add(time(project, "flyway:migrate", print));
            }
            System.err.printf("n=%d run %d: flyway:migrate %d ms (CPU %d ms), schema:upgrade %d ms (CPU %d ms)%n", n, run + 1,
                    flyway.get(run).wallMillis(), flyway.get(run).cpuMillis(), schema.get(run).wallMillis(), schema.get(run).cpuMillis());
        }
        if (print) {
            System.out.printf("| %d | %.2f s | %.2f s | %.2f | %s | %s | %s |%n", n, MavenRun.median(flyway, MavenRun::wallMillis) / 1000.0,
                    MavenRun.median(schema, MavenRun::wallMillis) / 1000.0, MavenRun.ratio(schema, flyway, MavenRun::wallMillis),
                    MavenRun.cpu(flyway), MavenRun.cpu(schema), MavenRun.cpuRatio(schema, flyway));
        }
    }

    private MavenRun time(Path project, String goal, boolean offline) throws Exception {
        String name = "mvn_" + ++databases;
        try (Connection c = server.superuserConnection("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        // the warm-up may fetch what Flyway's Maven plugin needs from the registry; the measured runs are offline
        List<String> arguments = new ArrayList<>(List.of("-Dbench.url=" + server.jdbcUrl(name), "-Dbench.user=" + EmbeddedServerSettings.SUPERUSER, goal));
        if (!offline) {
            arguments.add(0, "-U");
        }
        return MavenRun.of(project, repository, offline, project.resolve("last-" + goal.replace(':', '-') + ".log"), arguments);
    }

    private String pom() {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>bench</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                    <!-- as in an application's project: its tests' dependencies (which a goal may or may not resolve) -->
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>io.schemaguard</groupId>
                        <artifactId>schema-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <url>${bench.url}</url>
                          <user>${bench.user}</user>
                        </configuration>
                      </plugin>
                      <plugin>
                        <groupId>org.flywaydb</groupId>
                        <artifactId>flyway-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <url>${bench.url}</url>
                          <user>${bench.user}</user>
                          <locations><location>filesystem:src/main/resources/db/migration</location></locations>
                        </configuration>
                        <dependencies>
                          <dependency>
                            <groupId>org.flywaydb</groupId>
                            <artifactId>flyway-database-postgresql</artifactId>
                            <version>%s</version>
                          </dependency>
                          <dependency>
                            <groupId>org.postgresql</groupId>
                            <artifactId>postgresql</artifactId>
                            <version>42.7.14</version>
                          </dependency>
                        </dependencies>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(JUNIT_VERSION, pluginVersion, FLYWAY_VERSION, FLYWAY_VERSION);
    }

}
