package io.schemaguard.maven;

import io.schemaguard.settings.FlywayOptions;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The flyway-maven-plugin's parameters as this plugin knows them: those it accepts under Flyway's
 * name (and so also as {@code flyway.<name>} properties), and those it refuses, each with why and
 * what to do instead — none is silently ignored.
 */
final class FlywayParameters {
    /** The accepted parameters that answer to {@code flyway.<name>} as well as {@code schema.<name>}. */
    static final Set<String> ACCEPTED = Stream.concat(FlywayOptions.PASSED.stream(), Stream.of("url", "user", "password", "schemas",
            "defaultSchema", "table", "locations", "target", "placeholders", "skip", "serverId", "configFiles", "configFileEncoding",
            "workingDirectory", "baselineOnMigrate", "driver")).collect(Collectors.toUnmodifiableSet());

    private static final String TEAMS = " is a feature of Flyway's paid editions; this plugin runs on Flyway's free edition.";
    private static final String NOT_POSTGRES = " applies to another database than PostgreSQL, the only one this plugin works with.";

    // Refused as soon as given, whatever the value.
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("resolvers", " names custom migration resolvers; this plugin resolves the SQL migrations itself (the guard runs"
                    + " inside that resolution) and the Java migrations as Flyway does. Remove <resolvers>."),
            Map.entry("jdbcProperties", ": give driver properties in the URL (jdbc:postgresql://host/db?sslmode=require) and the"
                    + " password with <serverId> or <password>. Remove <jdbcProperties>."),
            Map.entry("undoSqlMigrationPrefix", ": undo scripts are named U<version>__<description>.sql here and run by"
                    + " mvn schema:downgrade. Remove <undoSqlMigrationPrefix>."),
            Map.entry("dryRunOutput", TEAMS + " Use -Dschema.dryRun=true (schema:upgrade, schema:downgrade, schema:stamp,"
                    + " schema:baseline, schema:repair, schema:clean): the same work inside a transaction that is rolled back, or only read."),
            Map.entry("cherryPick", TEAMS + " Use <target> to migrate up to a version."),
            Map.entry("errorOverrides", TEAMS),
            Map.entry("stream", TEAMS),
            Map.entry("batch", TEAMS),
            Map.entry("outputQueryResults", TEAMS),
            Map.entry("licenseKey", TEAMS),
            Map.entry("detectEncoding", TEAMS + " Set <encoding>."),
            Map.entry("oracleSqlplus", NOT_POSTGRES),
            Map.entry("oracleSqlplusWarn", NOT_POSTGRES),
            Map.entry("oracleKerberosCacheFile", NOT_POSTGRES),
            Map.entry("oracleWalletLocation", NOT_POSTGRES),
            Map.entry("sqlServerKerberosLoginFile", NOT_POSTGRES),
            Map.entry("kerberosConfigFile", NOT_POSTGRES),
            Map.entry("environment", ": Flyway's TOML environments are not read here; set the connection with <url>, <user> and"
                    + " <serverId>, or in a .conf file named by <configFiles>."),
            Map.entry("loggers", ": Flyway's log is always routed to Maven's here."),
            Map.entry("callbackLocations", ": SQL callbacks are found in <locations> here."));

    // Refused only with this value (the other one is this plugin's behaviour anyway).
    private static final Map<String, String> REFUSED_WHEN_TRUE = Map.of(
            "skipExecutingMigrations", " records migrations as applied without running or checking anything. Use"
                    + " mvn schema:stamp -Dschema.version=<version> (or latest): it records them only after verifying that the"
                    + " database holds what they build.",
            "skipDefaultResolvers", " would drop the resolver this plugin runs the SQL migrations with (the guard is in it).");
    private static final Map<String, String> REFUSED_WHEN_FALSE = Map.of(
            "executeInTransaction", " would run every migration outside a transaction: the guard needs each migration's"
                    + " transaction to undo a statement and compare. Statements that cannot run in one (CREATE INDEX CONCURRENTLY)"
                    + " are detected and run outside it anyway.");

    private FlywayParameters() {
    }

    /** Every Flyway parameter this plugin refuses (so a misspelling is never suggested as one of them). */
    static Set<String> refusedNames() {
        return Stream.of(REFUSED.keySet(), REFUSED_WHEN_TRUE.keySet(), REFUSED_WHEN_FALSE.keySet()).flatMap(Set::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Why {@code name} set to {@code value} (as given in {@code where}) is refused, or empty when it is not. */
    static Optional<String> refusal(String name, String value, String where) {
        String reason = REFUSED.get(name);
        if (reason == null && "true".equalsIgnoreCase(trim(value))) {
            reason = REFUSED_WHEN_TRUE.get(name);
        }
        if (reason == null && "false".equalsIgnoreCase(trim(value))) {
            reason = REFUSED_WHEN_FALSE.get(name);
        }
        if (reason == null) {
            return Optional.empty();
        }
        return Optional.of("Flyway's " + name + " (" + where + ")" + reason + " Nothing was done.");
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
