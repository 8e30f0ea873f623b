package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A schema that holds objects but no history: the migrations are replayed once on a shadow, compared
 * with the target after each ({@link VersionMatchObserver}), and those up to the newest version whose
 * expected schema the target holds are recorded as adopted — history rows as stamp writes them, audit
 * rows saying why. No statement runs on the target and no probe is made; a CREATE in one migration
 * and an ALTER in a later one therefore adopt. The rest is left to the guarded upgrade.
 */
final class OneReplayAdoption {
    private final Log log;
    private final ShadowDatabases shadows;
    private final ShadowSettings shadowSettings;

    OneReplayAdoption(Log log, PostgresBinaries binaries, ShadowSettings shadowSettings) {
        this.log = log;
        this.shadows = new ShadowDatabases(binaries, log);
        this.shadowSettings = shadowSettings;
    }

    /**
     * What the target already holds: the migrations up to its version, none when it holds nothing of the
     * first one yet (the guard judges every statement then). Refuses, changing nothing, when the target
     * holds something of the migrations but is at no version of them.
     */
    Plan plan(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> entries) {
        List<MigrationEntry> versioned = entries.stream().filter(e -> e.version() != null && e.pending() && AppliedVersions.hasFile(e)).toList();
        if (versioned.isEmpty()) {
            return Plan.NOTHING;
        }
        ManagedSchemas managed = ManagedSchemas.of(target, settings);
        ShadowReplay replay = new ShadowReplay(log, managed, AppliedVersions.unappliedRepeatables(entries));
        VersionMatchObserver observer;
        String shadowDescription;
        String stopped = null;
        try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
            shadowDescription = shadow.description();
            log.info("Schema " + target.historySchema() + " holds objects but no history table: replaying the migrations once on "
                    + shadowDescription + " to find the version it is at.");
            observer = new VersionMatchObserver(target, managed, settings.compare(),
                    new ShadowCatalog(replay.everySchema(shadow), managed.excluded()));
            try {
                replay.expectedAt(shadow, settings, null, settings.target() == null ? "latest" : settings.target(), observer);
            } catch (SchemaFailure e) {
                // the upgrade meets the same failure on the target and reports it there, with file and line
                stopped = e.getMessage().lines().findFirst().orElse("");
            }
        }
        if (stopped != null) {
            log.info("The replay stopped after version " + (observer.lastReplayed() == null ? "(none)" : observer.lastReplayed())
                    + ": " + stopped);
        }
        String matched = observer.matched();
        if (matched == null) {
            if (observer.closest() == null || observer.firstOnlyMissing()) {
                log.info("The database holds nothing the first migration builds: every migration runs, guarded.");
                return Plan.NOTHING;
            }
            throw new SchemaFailure(refusal(target.historySchema(), shadowDescription, observer.closest()));
        }
        List<MigrationEntry> adopted = versioned.stream().filter(e -> HistoryTableWriter.compareVersions(e.version(), matched) <= 0).toList();
        log.info("The database holds what the migrations up to version " + matched + " build (compared after each migration replayed on "
                + shadowDescription + "): " + adopted.size() + " migration" + (adopted.size() == 1 ? "" : "s") + " adopted, the rest run guarded.");
        return new Plan(matched, adopted, shadowDescription, observer.dataStatements());
    }

    /** The migrations the target holds, to be recorded as adopted. */
    record Plan(String version, List<MigrationEntry> migrations, String shadow, Map<String, List<String>> dataStatements) {
        static final Plan NOTHING = new Plan(null, List.of(), null, Map.of());

        Plan {
            migrations = List.copyOf(migrations);
            dataStatements = Map.copyOf(dataStatements);
        }
    }

    /** Writes the plan's history and audit rows under Flyway's lock (those a racing build wrote meanwhile are left); returns the outcomes. */
    List<MigrationOutcome> record(FlywayMigrations target, MigrationSettings settings, Plan plan) {
        if (plan.migrations().isEmpty()) {
            return List.of();
        }
        HistoryTableWriter writer = new HistoryTableWriter(target.historySchema(), settings.table());
        AuditTable audit = new AuditTable(target.historySchema(), settings.table());
        String why = "the database holds what the migrations up to version " + plan.version() + " build (one replay on "
                + plan.shadow() + ", compared after each migration); none of its statements ran";
        List<MigrationOutcome> outcomes = new ArrayList<>();
        try (Connection connection = target.connection().open()) {
            writer.underLock(connection, applied -> {
                for (MigrationEntry migration : plan.migrations()) {
                    if (applied.stream().anyMatch(v -> HistoryTableWriter.compareVersions(v, migration.version()) == 0)) {
                        continue;
                    }
                    List<String> data = plan.dataStatements().getOrDefault(migration.fileName(), List.of());
                    writer.insert(connection, migration);
                    audit.record(connection, migration.version(), migration.script(), null, null, AuditTable.ADOPTED,
                            "adopted: " + why + (data.isEmpty() ? "" : "; data statements not run: " + String.join(", ", data)));
                    outcomes.add(new MigrationOutcome(migration.version(), migration.description(), migration.script(),
                            MigrationOutcome.Kind.ADOPTED, 0, List.of("the whole migration: " + why)));
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the adopted migrations: " + e.getMessage(), e);
        }
        for (MigrationEntry migration : plan.migrations()) {
            plan.dataStatements().getOrDefault(migration.fileName(), List.of()).forEach(statement -> log.warn(migration.fileName() + ", "
                    + statement + " was not run: the migration was adopted, and no comparison verifies a change of rows"));
        }
        return outcomes;
    }

    private static String refusal(String schema, String shadow, VersionMatchObserver.Mismatch closest) {
        List<String> lines = new ArrayList<>();
        lines.add("Schema " + schema + " holds objects but no history table, and it is at no version of the migrations: replayed once on "
                + shadow + " and compared after each migration, no version's expected schema is what the database holds.");
        lines.add("Closest: version " + closest.version() + " (" + closest.script() + "), with the fewest differences: "
                + closest.identical() + " of the " + closest.expected() + " objects expected there are identical; "
                + closest.differences() + " difference" + (closest.differences() == 1 ? "" : "s") + ":");
        for (DiffGroup group : closest.blocking().groups()) {
            DiffText.group(group).forEach(line -> lines.add("  " + line));
        }
        lines.add("Nothing was changed (no history table was created). Reconcile the database with what version " + closest.version()
                + " builds (or add a migration that does), or, to record version " + closest.version() + " anyway, run: "
                + "mvn schema:stamp -Dschema.version=" + closest.version() + " -Dschema.force=true");
        return String.join("\n", lines);
    }
}
