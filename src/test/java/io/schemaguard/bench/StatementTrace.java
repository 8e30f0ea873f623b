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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Plain Flyway's migrate (database p) and upgrade (database u) of the same generated set, every statement the server
 * receives logged with its CPU (log_statement_stats): {@code java … StatementTrace N LOGFILE}.
 */
public final class StatementTrace {
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger flywayLog = java.util.logging.Logger.getLogger("org.flywaydb");
        flywayLog.setLevel(java.util.logging.Level.WARNING);
        int n = Integer.parseInt(args[0]);
        Path work = Files.createTempDirectory("schema-trace-");
        SchemaEngine engine = new SchemaEngine(Log.silent());
        Map<String, String> config = new java.util.HashMap<>(Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off",
                "log_line_prefix", "'%p|%d|%a|'"));
        if (args.length > 2 && args[2].equals("trace")) {
            config.put("log_statement", "all");
            config.put("log_statement_stats", "on");
        }
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(work.resolve("data"), null, null, null, true,
                List.of(), config), DefaultPostgresBinaryResolver.INSTANCE)) {
            Path full = MigrationSetGenerator.write(work.resolve("full"), n, false);
            UpgradeProfile.postmasterPid = server.clusterDirectory().resolve("postmaster.pid");
            for (String db : List.of("p", "u", "p2", "u2")) {
                try (Connection c = server.superuserConnection("postgres")) {
                    c.createStatement().execute("CREATE DATABASE " + db);
                }
            }
            for (String db : List.of("p", "u", "p2", "u2")) {
                String url = server.jdbcUrl(db) + System.getProperty("trace." + db.substring(0, 1), "");
                long cpu = UpgradeProfile.serverCpu();
                if (db.startsWith("p")) {
                    Flyway.configure().dataSource(url, EmbeddedServerSettings.SUPERUSER, null).locations("filesystem:" + full).load().migrate();
                } else {
                    engine.upgrade(new MigrationSettings(new ConnectionSettings(url, EmbeddedServerSettings.SUPERUSER, null), List.of(), null,
                            List.of("filesystem:" + full), null, Map.of(), null, GuardMode.VERIFY, false));
                }
                Thread.sleep(500);
                System.out.printf("%s server CPU %d ms%n", db, UpgradeProfile.serverCpu() - cpu);
            }
            Files.copy(EmbeddedServer.serverLog(work.resolve("data")), Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
