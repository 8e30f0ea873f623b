package io.schemaguard.flyway;

import io.schemaguard.locks.LockRetry;
import io.schemaguard.locks.LockWaitWatch;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.MigrationSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.core.internal.sqlscript.SqlScript;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one adapter over Flyway: configuration, discovery, migrate and info. Every use of
 * Flyway's classes stays in this package, and the Flyway version is pinned in the pom.
 */
public final class FlywayMigrations implements AutoCloseable {
    /** Marks the baseline row that only serves to let Flyway create its history table in a schema that has objects. */
    private static final List<String> HISTORY_COLUMNS = List.of("installed_rank", "version", "description", "type", "script",
            "checksum", "installed_by", "installed_on", "execution_time", "success");

    private static final String ADOPTION_BASELINE = "<< schema-maven-plugin: history table created >>";

    private final MigrationSettings settings;
    private final DatabaseConnection connection;
    private final StatementGuard guard;
    private final HistoryTableWatch historyWatch;
    private final GuardedMigrationResolver resolver;
    private final UndoScriptParser undoParser = new UndoScriptParser();
    private final MigrationResources resources;
    private final Flyway flyway;
    private final LockWaitWatch lockWatch;
    private final LockRetry lockRetry;
    private final Log log;
    private final MigrationProgress progress = new MigrationProgress();
    private final PreparedStatementsAcrossDdl preparedAcrossDdl = new PreparedStatementsAcrossDdl();
    private final FlywayLogBridge logBridge;
    // Read once: every check of the history and audit tables needs it.
    private String historySchema;
    // The short catalog reads of one use case share a connection: each new one costs the server a process.
    private Connection inspection;

    /** Plain Flyway: statements run as Flyway runs them. */
    public FlywayMigrations(MigrationSettings settings, Log log) {
        this(settings, log, null);
    }

    /** With a guard, every statement of every SQL migration runs through it. */
    public FlywayMigrations(MigrationSettings settings, Log log, StatementGuard guard) {
        this(settings, log, guard, Set.of());
    }

    /** With a guard, and without the migrations named in {@code skippedScripts} (as if their files were absent). */
    public FlywayMigrations(MigrationSettings settings, Log log, StatementGuard guard, Set<String> skippedScripts) {
        this.settings = settings;
        this.log = log;
        this.connection = new DatabaseConnection(settings.connection(), settings.flyway());
        this.guard = guard;
        this.lockWatch = new LockWaitWatch(connection::open, settings.locks(), log);
        this.lockRetry = new LockRetry(settings.locks(), lockWatch, log);
        this.historyWatch = new HistoryTableWatch(this::historySchema, settings.table());
        this.resolver = guard == null ? null : new GuardedMigrationResolver(guard, skippedScripts, historyWatch, preparedAcrossDdl);
        connection.validateUrl();
        this.logBridge = new FlywayLogBridge(log, progress);
        logHere();
        FluentConfiguration config = configure();
        this.resources = (MigrationResources) config.getResourceProvider();
        if (guard != null && guard.observesCallbacks()) {
            observeCallbacks(config);
        }
        this.flyway = config.load();
    }

    // A first command that runs no callback gives the parser Flyway's SQL callbacks need; then they are wrapped.
    private void observeCallbacks(FluentConfiguration config) {
        Flyway parserOnly = configure().callbacks(new String[0]).callbacks(new org.flywaydb.core.api.callback.Callback[0])
                .skipDefaultCallbacks(true).load();
        call(parserOnly::info);
        new ObservedCallbacks(guard).install(config, undoParser.context(), resources);
    }

    /**
     * Flyway's log factory is process-wide, and the fallback creator is the one that survives new Flyway instances:
     * set again before each command, so that the lines of this object's commands reach this object's log (not the
     * log of another one made meanwhile, e.g. the shadow's, whose lines go to debug).
     */
    private void logHere() {
        logHere(logBridge);
    }

    private void logHere(FlywayLogBridge lines) {
        LogFactory.setFallbackLogCreator(lines);
        LogFactory.setLogCreator(lines); // the creator Flyway chose last is kept until the next Flyway object is made
    }

    private FluentConfiguration configure() {
        // this plugin's defaults first, then the user's Flyway settings, parsed and checked by Flyway itself
        ClassLoader classes = settings.flyway().classLoader();
        FluentConfiguration config = Flyway.configure(classes == null ? FlywayMigrations.class.getClassLoader() : classes)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .connectRetries(0);
        try {
            config.configuration(settings.flyway().configuration());
        } catch (FlywayException e) {
            throw new SchemaFailure(e.getMessage().strip() + " Nothing was done.", e);
        }
        config.dataSource(new MigrationDataSource(connection.dataSource(), lockWatch))
                .locations(settings.locations().toArray(String[]::new))
                .table(settings.table())
                .placeholders(settings.placeholders());
        if (!settings.schemas().isEmpty()) {
            config.schemas(settings.schemas().toArray(String[]::new));
        }
        if (settings.defaultSchema() != null) {
            config.defaultSchema(settings.defaultSchema());
        }
        if (settings.target() != null) {
            config.target(settings.target());
        }
        MigrationResources scanned = new MigrationResources(config);
        config.resourceProvider(scanned).javaMigrationClassProvider(scanned);
        // the user's callbacks, and the one that numbers each migration's line
        List<org.flywaydb.core.api.callback.Callback> callbacks = new ArrayList<>(Arrays.asList(config.getCallbacks()));
        callbacks.add(progress);
        config.callbacks(callbacks.toArray(org.flywaydb.core.api.callback.Callback[]::new));
        if (resolver != null) {
            config.resolvers(resolver, undoParser).skipDefaultResolvers(true);
        } else {
            config.resolvers(undoParser);
        }
        // session-level advisory lock: the transactional one deadlocks with CREATE INDEX CONCURRENTLY
        config.getPluginRegister().getExact(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config;
    }

    /** The schema that holds the history table: the configured one, else the connection's current schema. */
    public String historySchema() {
        if (settings.historySchema() != null) {
            return settings.historySchema();
        }
        if (historySchema != null) {
            return historySchema;
        }
        try (var statement = inspection().createStatement(); var rs = statement.executeQuery("SELECT current_schema()")) {
            rs.next();
            historySchema = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the current schema: " + e.getMessage(), e);
        }
        if (historySchema == null) {
            throw noCurrentSchema();
        }
        return historySchema;
    }

    // current_schema() is null when no schema of the search path exists, e.g. ?currentSchema= naming a missing one.
    private SchemaFailure noCurrentSchema() {
        String searchPath;
        try (var statement = inspection().createStatement(); var rs = statement.executeQuery("SHOW search_path")) {
            rs.next();
            searchPath = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the search path: " + e.getMessage(), e);
        }
        return new SchemaFailure("The connection has no current schema: no schema on its search path (" + searchPath + ")"
                + " exists; a schema that does not exist cannot hold the history table. Fix currentSchema in the URL (or the role's search_path), create the schema,"
                + " or name the schemas the migrations manage with <schemas> (Flyway creates them). Nothing was changed.");
    }

    public boolean historyTableExists() {
        try (var statement = inspection().prepareStatement("SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL")) {
            statement.setString(1, historySchema());
            statement.setString(2, settings.table());
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look up the history table: " + e.getMessage(), e);
        }
    }

    /**
     * What the history table's schema holds when the history table is not there, null when it is: any relation, function
     * or type is the user's (Flyway refuses to migrate such a schema without history), but for this plugin's audit table
     * (named {@code auditTable}), its sequence and its index. One query for both answers.
     */
    public HistorySchemaContent contentWithoutHistory(String auditTable) {
        try (var statement = inspection().prepareStatement("""
                WITH audit AS (SELECT to_regclass(format('%I.%I', ?::text, ?::text)) AS oid)
                SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL, EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?
                                 AND c.oid IS DISTINCT FROM (SELECT oid FROM audit)
                                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                 AND d.refclassid = 'pg_class'::regclass AND d.refobjid = (SELECT oid FROM audit))
                                 AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND i.indrelid = (SELECT oid FROM audit)))
                    OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?)
                    OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                               WHERE n.nspname = ? AND t.typtype IN ('e', 'd', 'r', 'm')),
                       (SELECT oid FROM audit) IS NOT NULL
                """)) {
            String schema = historySchema();
            statement.setString(1, schema);
            statement.setString(2, auditTable);
            statement.setString(3, schema);
            statement.setString(4, settings.table());
            statement.setString(5, schema);
            statement.setString(6, schema);
            statement.setString(7, schema);
            try (var rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return null;
                }
                return rs.getBoolean(2) ? HistorySchemaContent.OBJECTS
                        : rs.getBoolean(3) ? HistorySchemaContent.AUDIT_TABLE_ONLY : HistorySchemaContent.EMPTY;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect schema " + historySchema() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lets Flyway create its own history table in a schema that already holds objects (it refuses
     * to migrate such a schema otherwise): a baseline creates it, and the baseline row is removed,
     * so every migration then runs — guarded — instead of being skipped by the baseline.
     * Returns the table this call created, or null when another build had created it meanwhile.
     */
    public CreatedHistoryTable createHistoryTable() {
        HistoryTable history = historyTable();
        String qualified = history.qualifiedName();
        // Builds racing on such a schema: the first creates the table under this lock, the others find it there.
        try (Connection c = connection.open()) {
            lockCreation(c, qualified);
            if (historyTableExists()) {
                return null;
            }
            Flyway creator = configure().baselineVersion("0").baselineDescription(ADOPTION_BASELINE).load();
            log.info("Creating Schema History table " + qualified + " ...");
            // Flyway's own lines would tell of a baseline, which is removed right below
            call(creator::baseline, new FlywayLogBridge(Log.debugOnly(log), progress));
            try (var delete = c.prepareStatement("DELETE FROM " + qualified + " WHERE type = 'BASELINE' AND description = ?")) {
                delete.setString(1, ADOPTION_BASELINE);
                delete.executeUpdate();
            }
            try (var oid = c.prepareStatement("SELECT to_regclass(?)::oid")) {
                oid.setString(1, qualified);
                try (var rs = oid.executeQuery()) {
                    rs.next();
                    return new CreatedHistoryTable(connection, history, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the history table: " + e.getMessage(), e);
        }
    }

    /** The plugin's lock on creating (and removing) a history table, held by the session until it ends. */
    static void lockCreation(Connection c, String qualifiedHistoryTable) throws SQLException {
        try (var lock = c.prepareStatement("SELECT pg_advisory_lock(hashtext('schema-maven-plugin'), hashtext(?))")) {
            lock.setString(1, qualifiedHistoryTable);
            lock.execute();
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Checks what can be checked before touching the database: URL, reachability, credentials, locations. */
    public void checkInputs() {
        connection.validateUrl();
        if (settings.locations().isEmpty()) {
            throw new SchemaFailure("No migration locations configured. Set <locations> (default filesystem:src/main/resources/db/migration).");
        }
        boolean failOnMissing = flyway.getConfiguration().isFailOnMissingLocations();
        for (String location : settings.locations()) {
            // failOnMissingLocations=false: Flyway warns about a missing location and goes on
            if (location.startsWith(FilesystemLocation.PREFIX)
                    && (failOnMissing || java.nio.file.Files.exists(FilesystemLocation.of(location).directory()))) {
                FilesystemLocation.of(location).check();
            }
            if (location.startsWith(ClasspathLocation.PREFIX) && failOnMissing) {
                ClasspathLocation.of(location).check(flyway.getConfiguration().getClassLoader());
            }
        }
        inspection(); // reachable, database exists, credentials accepted
        checkHistoryTableIsFlyways();
    }

    // A table of another tool under the history table's name would otherwise fail deep inside Flyway.
    // The current schema, when it holds the history, is read in the same query: one round trip less per goal.
    private void checkHistoryTableIsFlyways() {
        boolean known = settings.historySchema() != null || historySchema != null;
        try (var statement = inspection().prepareStatement("SELECT s.name, (SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute"
                + " WHERE attrelid = CASE WHEN s.name IS NOT NULL THEN to_regclass(format('%I.%I', s.name, ?::text)) END AND attnum > 0 AND NOT attisdropped)"
                + " FROM (SELECT " + (known ? "?::text" : "current_schema()") + " AS name) s")) {
            statement.setString(1, settings.table());
            if (known) {
                statement.setString(2, historySchema());
            }
            String schema;
            String columns;
            try (var rs = statement.executeQuery()) {
                rs.next();
                schema = rs.getString(1);
                columns = rs.getString(2);
            }
            if (schema == null) {
                throw noCurrentSchema();
            }
            historySchema = known ? historySchema : schema;
            if (columns != null && !List.of(columns.split(", ")).containsAll(HISTORY_COLUMNS)) {
                throw new SchemaFailure("Table " + schema + "." + settings.table() + " exists but is not a Flyway history table: its columns are ("
                        + columns + "), Flyway's are (" + String.join(", ", HISTORY_COLUMNS) + "). Another tool may own it."
                        + " Give this plugin's history another name with <table> (-Dschema.table=…), or rename that table. Nothing was changed.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect the history table: " + e.getMessage(), e);
        }
    }

    /** All migrations, resolved and applied, in Flyway's order; fails when no migration file is found. */
    public List<MigrationEntry> entries() {
        MigrationInfo[] all = call(() -> flyway.info().all());
        if (Arrays.stream(all).noneMatch(info -> info.getState().isResolved())) {
            throw new SchemaFailure("No migrations found in " + String.join(", ", settings.locations())
                    + ". Put V<version>__<description>.sql files there, or point <locations> at them.");
        }
        return Arrays.stream(all).map(FlywayMigrations::entry).toList();
    }

    /**
     * The applied migrations now, in Flyway's order (by installed rank), from {@code before} (this object's last
     * {@link #entries()}) and one read of the history table: only when the table holds the rows of {@code before}
     * unchanged and, after them, successful rows of versioned migrations {@code before} lists as pending, each above
     * every version applied before it (no row of another kind, none out of order). Null otherwise (a migration or
     * another tool changed the history): then only Flyway's {@link #entries()} can say what its info() would.
     */
    public List<MigrationEntry> appliedAfter(List<MigrationEntry> before) {
        List<MigrationEntry> applied = before.stream().filter(MigrationEntry::applied).toList();
        try (var statement = inspection().createStatement(); var rs = statement.executeQuery(
                "SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success"
                        + " FROM " + historyTable().qualifiedName() + " ORDER BY installed_rank")) {
            List<MigrationEntry> now = new ArrayList<>();
            Version highest = null;
            while (rs.next()) {
                int rank = rs.getInt(1);
                String version = rs.getString(2);
                String description = rs.getString(3);
                String type = rs.getString(4);
                String script = rs.getString(5);
                Integer checksum = rs.getObject(6) == null ? null : rs.getInt(6);
                java.time.Instant installedOn = rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant();
                boolean success = rs.getBoolean(10);
                if (now.size() < applied.size()) {
                    MigrationEntry old = applied.get(now.size());
                    if (old.installedRank() != rank || !Objects.equals(old.version(), version) || !Objects.equals(old.script(), script)
                            || !Objects.equals(old.description(), description) || !Objects.equals(old.type(), type)
                            || !Objects.equals(old.installedOn(), installedOn) || old.failed() == success) {
                        return null;
                    }
                    now.add(old);
                } else {
                    MigrationEntry pending = before.stream().filter(e -> e.pending() && version != null && version.equals(e.version())
                            && script.equals(e.script()) && Objects.equals(e.description(), description)
                            && Objects.equals(e.type(), type) && Objects.equals(e.checksum(), checksum)).findFirst().orElse(null);
                    if (pending == null || !success || installedOn == null || highest != null && !Version.of(version, "version").isAbove(highest)
                            || now.stream().anyMatch(e -> script.equals(e.script()))) {
                        return null;
                    }
                    now.add(new MigrationEntry(pending.version(), description, type, script, "SUCCESS", installedOn,
                            rs.getString(7), rs.getInt(9), rank, checksum, pending.file()));
                }
                if (version != null) { // every version in the history, failed or not: a row below one of them is out of order
                    Version v = Version.of(version, "version");
                    highest = highest == null || v.isAbove(highest) ? v : highest;
                }
            }
            return now.size() < applied.size() ? null : now;
        } catch (SQLException | RuntimeException e) {
            return null; // e.g. the table is gone, or a version not of Flyway's form: Flyway's info() tells
        }
    }

    /** What Flyway's validation finds wrong with the applied migrations (pending ones are not a problem). */
    public List<HistoryProblem> historyProblems() {
        Flyway validation = configure().ignoreMigrationPatterns(ignoring("*:pending")).load();
        ValidateResult result = call(validation::validateWithResult);
        if (result.invalidMigrations == null) {
            return List.of();
        }
        return result.invalidMigrations.stream().map(output -> HistoryProblem.of(output.version, output.filepath,
                output.errorDetails)).toList();
    }

    /**
     * What Flyway's repair would change in the history now, read as its repair reads it (out of order allowed, no
     * target); nothing is written. See {@link RepairPlanner}.
     */
    public List<HistoryRepair> repairPlan() {
        Flyway repair = configure().outOfOrder(true).target("latest").load();
        MigrationInfo[] all = call(() -> repair.info().all());
        return RepairPlanner.plan(all, repair.getConfiguration().getIgnoreMigrationPatterns());
    }

    // the user's ignoreMigrationPatterns, and those a check of the applied migrations adds
    private String[] ignoring(String... patterns) {
        List<String> all = new ArrayList<>();
        String given = settings.flyway().get("ignoreMigrationPatterns");
        if (given != null && !given.isBlank()) {
            // as written: Flyway's parsed patterns do not print back as patterns
            Arrays.stream(given.split(",")).map(String::strip).filter(p -> !p.isEmpty()).forEach(all::add);
        }
        all.addAll(List.of(patterns));
        return all.toArray(String[]::new);
    }

    /**
     * Flyway's migrate; returns the migrations this call executed. Another build migrating the same
     * database at the same time applies the others: they are in the history, not in this list.
     */
    public List<AppliedMigration> migrate() {
        return migrate(Arrays.stream(call(() -> flyway.info().pending())).map(FlywayMigrations::entry).toList());
    }

    /**
     * Flyway's migrate, after checking the files of the pending ones of {@code entries} (as read by the caller's last
     * {@link #entries()}, which spares Flyway another resolution and connection). A migration stopped
     * by a lock timeout is run again as {@code lockRetries} says.
     */
    public List<AppliedMigration> migrate(List<MigrationEntry> entries) {
        List<MigrationEntry> pending = entries.stream().filter(MigrationEntry::pending).toList();
        checkPending(pending);
        progress.plan(pending.stream().map(MigrationEntry::script).toList());
        logHere();
        offerStatements(entries);
        historyWatch.arm(); // Flyway creates the history table, if missing, before the first migration
        List<AppliedMigration> applied = new ArrayList<>();
        AtomicBoolean rolledBack = new AtomicBoolean(true);
        lockRetry.run(() -> {
            try {
                applied.addAll(applied(flyway.migrate()));
                return null;
            } catch (PartlyRunMigration e) {
                rolledBack.set(false); // what ran of it stays: never retried
                throw e;
            } catch (FlywayException e) {
                // the migrations committed before the one that failed are this build's too, retried or not
                FlywayMigrateException failed = find(e, FlywayMigrateException.class);
                if (failed != null) {
                    applied.addAll(applied(failed.getErrorResult()));
                    // a migration outside a transaction is not rolled back, and Flyway records it as failed: never retried
                    rolledBack.set(failed.isExecutableInTransaction());
                    refuseJavaMigration(failed);
                }
                SchemaFailure historyGone = historyGone(e, failed);
                throw historyGone != null ? historyGone : FlywayFailures.translate(e, settings.connection().user(), historyTableName());
            }
        }, rolledBack::get);
        return applied;
    }

    // Decided by SQLSTATE: a Java migration's duplicate object is refused as one the guard could not judge.
    private void refuseJavaMigration(FlywayMigrateException failed) {
        SQLException sql = find(failed, SQLException.class);
        if (guard != null && JavaMigrationRefusal.isJavaMigration(failed.getMigration()) && guard.isDuplicateObject(sql)) {
            throw JavaMigrationRefusal.of(failed.getMigration(), sql, failed.isExecutableInTransaction(),
                    flyway.getConfiguration().isGroup());
        }
    }

    // Flyway's own SQL (not a migration's statement) found no history table after a transactional migration.
    private SchemaFailure historyGone(FlywayException e, FlywayMigrateException failed) {
        if (find(e, FlywaySqlScriptException.class) != null || find(e, FlywaySqlException.class) == null) {
            return null;
        }
        SchemaFailure gone = historyWatch.goneAfter(find(e, SQLException.class));
        String script = failed == null || failed.getMigration() == null ? null : failed.getMigration().getScript();
        return gone != null && (script == null || gone.getMessage().startsWith(script.substring(script.lastIndexOf('/') + 1) + " ")) ? gone : null;
    }

    private static List<AppliedMigration> applied(MigrateResult result) {
        return result == null || result.migrations == null ? List.of()
                : result.migrations.stream().map(m -> new AppliedMigration(m.version == null || m.version.isEmpty() ? null : m.version,
                        m.description)).toList();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The watch over this object's migration connections: who blocks a waiting statement. */
    public LockWaitWatch lockWatch() {
        return lockWatch;
    }

    /** Runs work again after a lock timeout, as {@code lockRetries} says, and names the blocker when it gives up. */
    public LockRetry lockRetry() {
        return lockRetry;
    }

    /**
     * Runs the pending migrations through the guard on one connection, in one transaction that is
     * always rolled back: the same work as an upgrade, nothing kept, no history row, no lock.
     * Returns the migrations it ran, in order.
     */
    public List<MigrationEntry> dryRun() {
        if (resolver == null) {
            throw new IllegalStateException("a dry run needs a statement guard");
        }
        if (flyway.getConfiguration().isValidateOnMigrate()) {
            Flyway validation = configure().ignoreMigrationPatterns(ignoring("*:future", "*:pending")).load();
            call(() -> {
                validation.validate();
                return null;
            });
        }
        MigrationInfoService info = call(flyway::info);
        MigrationInfo[] pending = info.pending();
        checkPending(Arrays.stream(pending).map(FlywayMigrations::entry).toList());
        offerStatements(Arrays.stream(info.all()).map(FlywayMigrations::entry).toList());
        // everything is rolled back after each attempt: a lock timeout is always retried from the start
        return lockRetry.run(() -> dryRun(pending), () -> true);
    }

    private List<MigrationEntry> dryRun(MigrationInfo[] pending) {
        List<MigrationEntry> ran = new ArrayList<>();
        try (Connection c = connection.open()) {
            lockWatch.attach(c);
            c.setAutoCommit(false);
            try {
                progress.plan(Arrays.stream(pending).map(MigrationInfo::getScript).toList());
                for (MigrationInfo info : pending) {
                    ResolvedMigration migration = resolver.migration(info.getScript());
                    if (migration == null) {
                        // not a SQL migration: its code may change what no rollback of this transaction undoes
                        log.warn(progress.counter(info.getScript()) + "Dry run skips " + info.getScript() + ", a Java migration: its code"
                                + " is not run (it could change what the rollback does not undo). The migrations after it are tried"
                                + " without its changes; the upgrade runs it as Flyway does.");
                        continue;
                    }
                    log.info(progress.counter(info.getScript()) + "Dry run of " + GuardedMigrationResolver.fileName(info.getScript())
                            + " (rolled back at the end)");
                    Configuration configuration = flyway.getConfiguration();
                    call(() -> {
                        try {
                            return migration.getExecutor().execute(new Context() {
                                public Configuration getConfiguration() { return configuration; }
                                public Connection getConnection() { return c; }
                            });
                        } catch (SQLException e) {
                            throw new FlywayException(e.getMessage(), e);
                        }
                    });
                    ran.add(entry(info));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Dry run: " + e.getMessage(), e);
        }
        return ran;
    }

    // The guard may judge a statement by what the other migrations build: their statements, parsed if it asks.
    private void offerStatements(List<MigrationEntry> entries) {
        if (guard != null) {
            guard.knownStatements(new KnownStatements(entries, resources, undoParser));
        }
    }

    // Every pending SQL migration is read, and parsed as Flyway will parse it, before the first one runs.
    private void checkPending(List<MigrationEntry> pending) {
        Configuration configuration = flyway.getConfiguration();
        new PendingScripts(configuration).check(pending);
        List<MigrationEntry> scripts = pending.stream().filter(entry -> PendingScripts.isSql(entry.script(), configuration)).toList();
        sessionLock();
        preparedAcrossDdl.forget();
        if (!scripts.isEmpty()) {
            boolean onlyScripts = scripts.size() == pending.size();
            // no Flyway command of its own just for the parser: migrate's resolution comes first, before any change
            undoParser.whenReady(() -> {
                List<SqlScript> parsed = refuseTransactionControl(scripts);
                preparedAcrossDdl.decide(onlyScripts && parsed.size() == scripts.size() && noJavaCallback(configuration), parsed, settings.table());
            });
        }
    }

    // Returns the scripts as Flyway will run them (those still in the locations).
    private List<SqlScript> refuseTransactionControl(List<MigrationEntry> scripts) {
        List<SqlScript> parsed = new ArrayList<>();
        for (MigrationEntry entry : scripts) {
            LoadableResource resource = resources.getResource(entry.script());
            if (resource != null) {
                SqlScript script = parsed(entry.script(), resource);
                TransactionControl.refuse(resource.getFilename(), script, "Nothing was applied.");
                parsed.add(script);
            }
        }
        return parsed;
    }

    // No Java callback of the user's (SQL callbacks run as migrations do: their statements are never prepared).
    private boolean noJavaCallback(Configuration configuration) {
        return Arrays.stream(configuration.getCallbacks()).allMatch(callback -> callback == progress);
    }

    /**
     * The pending script as Flyway will run it, parsed once for both: the guarded resolver's. Parsed on its own
     * (transactional and other statements allowed together) when there is none, or when Flyway's refuses to parse
     * (a script mixing them without {@code mixed}): Flyway reports that itself when the migration's turn comes.
     */
    private SqlScript parsed(String script, LoadableResource resource) {
        SqlScript flyways = resolver == null ? null : resolver.script(script);
        if (flyways != null) {
            try {
                flyways.validate();
                return flyways;
            } catch (FlywayException e) {
                // parsed again below, mixed allowed
            }
        }
        return undoParser.parse(resource);
    }

    /**
     * Flyway's session-level lock, not the one in each migration's transaction: that transaction, on Flyway's
     * history connection, holds the history table open while the migration runs, so a migration that renames or
     * drops it would wait forever instead of being refused; and CREATE INDEX CONCURRENTLY would wait for it too.
     */
    private void sessionLock() {
        flyway.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }

    /** Refuses an undo script that holds transaction control (a step is one transaction with its history row's removal). */
    public void refuseTransactionControl(UndoScript undo) {
        SqlScript script = parsed(undo);
        call(() -> {
            TransactionControl.refuse(undo.fileName(), script, "Nothing was changed.");
            return null;
        });
    }

    public DatabaseConnection connection() {
        return connection;
    }

    /**
     * Runs a short read on the connection this object keeps for inspecting the target (opened on
     * first use, closed by {@link #close()}). The read must leave the session as it found it.
     */
    public <T> T inspect(CatalogRead<T> read) throws SQLException {
        return read.on(inspection());
    }

    /** A read of the target's catalog or tables on a shared connection. */
    @FunctionalInterface
    public interface CatalogRead<T> {
        T on(Connection connection) throws SQLException;
    }

    private Connection inspection() {
        if (inspection == null) {
            inspection = connection.open();
        }
        return inspection;
    }

    @Override
    public void close() {
        lockWatch.close();
        if (inspection == null) {
            return;
        }
        try {
            inspection.close();
        } catch (SQLException ignored) {
            // closing a connection to a server that went away: nothing left to release
        } finally {
            inspection = null;
        }
    }

    public HistoryTable historyTable() {
        return new HistoryTable(historySchema(), settings.table());
    }

    /**
     * A connection whose search path is the one Flyway gives migrations (the history table's
     * schema first), so that an undo script names objects as its migration did.
     */
    public Connection openForMigrations() {
        Connection c = connection.open();
        try {
            lockWatch.attach(c);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new IllegalStateException("Cannot prepare the migration connection: " + e.getMessage(), e);
        }
        String schema = settings.historySchema();
        if (schema == null) {
            return c;
        }
        try (var statement = c.createStatement(); var rs = statement.executeQuery(
                "SELECT current_setting('search_path'), EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = " + literal(schema) + ")")) {
            rs.next();
            String original = rs.getString(1);
            if (rs.getBoolean(2) && !original.equals(schema) && !original.startsWith(schema + ",")) {
                String path = quote(schema) + (original.isBlank() ? "" : "," + original);
                statement.execute("SELECT set_config('search_path', " + literal(path) + ", false)");
            }
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new IllegalStateException("Cannot set the search path: " + e.getMessage(), e);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The undo scripts {@code U<version>__<description>.sql} in the locations; Flyway itself never sees them. */
    public List<UndoScript> undoScripts() {
        return call(resources::undoScripts);
    }

    /**
     * Reads and parses an undo script as Flyway parses a migration (placeholders replaced,
     * PostgreSQL's dollar quotes understood) without running it; returns its number of statements.
     */
    public int parseUndo(UndoScript undo) {
        SqlScript script = parsed(undo);
        return call(script::getSqlStatementCount);
    }

    /**
     * Runs an undo script on the caller's connection and transaction, every statement through the
     * guard, which decides what a failing statement means (and throws to fail the step).
     */
    public void runUndo(Connection c, UndoScript undo, StatementGuard undoGuard) {
        SqlScript script = parsed(undo);
        GuardedScriptExecutor executor = new GuardedScriptExecutor(c, undoGuard, Map.of(undo.fileName(), undo.version()), null);
        call(() -> executor.execute(script, undoParser.configuration()));
    }

    private SqlScript parsed(UndoScript undo) {
        if (!undoParser.ready()) {
            call(flyway::info); // the parser comes with the populated parsing context of a Flyway command
        }
        LoadableResource resource = call(() -> resources.resource(undo));
        if (resource == null) {
            throw new SchemaFailure("Undo script " + undo.script() + " is no longer in " + String.join(", ", settings.locations()) + ".");
        }
        return undoParser.parse(resource);
    }

    private static MigrationEntry entry(MigrationInfo info) {
        return new MigrationEntry(
                info.getVersion() == null ? null : info.getVersion().getVersion(),
                info.getDescription(),
                info.getType() == null ? null : info.getType().name(),
                info.getScript(),
                info.getState().name(),
                info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant(),
                info.getInstalledBy(),
                info.getExecutionTime(),
                info.getInstalledRank(),
                info.getChecksum(),
                info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty() ? null : Path.of(info.getPhysicalLocation()));
    }

    // For messages only: the lookup of the current schema may itself fail on a broken connection.
    private String historyTableName() {
        try {
            return historySchema() + "." + settings.table();
        } catch (RuntimeException e) {
            return settings.table();
        }
    }

    private <T> T call(java.util.function.Supplier<T> action) {
        return call(action, logBridge);
    }

    private <T> T call(java.util.function.Supplier<T> action, FlywayLogBridge lines) {
        logHere(lines);
        try {
            return action.get();
        } catch (FlywayException e) {
            throw FlywayFailures.translate(e, settings.connection().user(), historyTableName());
        }
    }
}
