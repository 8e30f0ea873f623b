package io.schemaguard.flyway;

import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resolver.java.ScanningJavaMigrationResolver;
import org.flywaydb.core.internal.resolver.sql.SqlMigrationResolver;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlScriptFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flyway's own SQL migration resolver (discovery, placeholders, checksums, the PostgreSQL
 * parser), handed an executor factory that routes every statement through the guard, and Flyway's
 * own resolver of Java migrations, which run as Flyway runs them (the guard cannot see their statements).
 * Registered with {@code skipDefaultResolvers(true)} so no script is resolved twice.
 */
final class GuardedMigrationResolver implements MigrationResolver {
    private final StatementGuard guard;
    private final Set<String> skippedScripts;
    private final HistoryTableWatch history;
    private final PreparedStatementsAcrossDdl prepared;
    private final Map<String, String> versionsByScript = new ConcurrentHashMap<>();
    private final Map<String, ResolvedMigration> migrationsByScript = new ConcurrentHashMap<>();
    // The scripts Flyway's resolver made for the last command, by script name: Flyway parses each once and keeps its statements.
    private final Map<String, SqlScript> scriptsByName = new ConcurrentHashMap<>();

    GuardedMigrationResolver(StatementGuard guard, Set<String> skippedScripts, HistoryTableWatch history, PreparedStatementsAcrossDdl prepared) {
        this.guard = guard;
        this.history = history;
        this.prepared = prepared;
        this.skippedScripts = Set.copyOf(skippedScripts);
    }

    @Override
    public Collection<ResolvedMigration> resolveMigrations(Context context) {
        // An empty parsing context: ${flyway:…} placeholders in repeatable migrations are not filled here.
        SqlScriptFactory remembering = (resource, mixed, resourceProvider) -> {
            SqlScript script = context.sqlScriptFactory.createSqlScript(resource, mixed, resourceProvider);
            scriptsByName.put(resource.getRelativePath(), script);
            return script;
        };
        SqlMigrationResolver sql = new SqlMigrationResolver(context.resourceProvider,
                (connection, undo, batch, outputQueryResults) -> new GuardedScriptExecutor(connection, guard, versionsByScript, history, prepared),
                remembering, context.configuration, new ParsingContext());
        List<ResolvedMigration> scripts = sql.resolveMigrations(context).stream()
                .filter(migration -> !skippedScripts.contains(migration.getScript())).toList();
        for (ResolvedMigration migration : scripts) {
            migrationsByScript.put(migration.getScript(), migration);
            if (migration.getVersion() != null) {
                versionsByScript.put(fileName(migration.getScript()), migration.getVersion().getVersion());
            }
        }
        List<ResolvedMigration> resolved = new ArrayList<>(scripts);
        // the classes Flyway's scanner found in the locations, through the configuration's (the project's) class loader
        new ScanningJavaMigrationResolver(context.configuration.getJavaMigrationClassProvider(), context.configuration)
                .resolveMigrations(context).stream().filter(migration -> !skippedScripts.contains(migration.getScript()))
                .forEach(resolved::add);
        return resolved;
    }

    /** The SQL migrations resolved so far, by Flyway's script name. */
    ResolvedMigration migration(String script) {
        return migrationsByScript.get(script);
    }

    /**
     * The script Flyway will run for the migration named {@code script}, as resolved by the last command: parsing it
     * here parses it for Flyway too (it keeps the statements). Null when this resolver did not resolve it.
     */
    SqlScript script(String script) {
        return scriptsByName.get(script);
    }

    /** The file name of a script Flyway names by its path relative to the location. */
    static String fileName(String script) {
        int slash = Math.max(script.lastIndexOf('/'), script.lastIndexOf('\\'));
        return script.substring(slash + 1);
    }
}
