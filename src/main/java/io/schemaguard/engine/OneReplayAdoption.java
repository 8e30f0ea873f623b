package io.schemaguard.engine;

import io.schemaguard.guard.SkippedStatement;
import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.SchemaDiff;
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

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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
     * first one yet or is at no version of them (the guard judges every statement then: it completes what
     * lacks a part and refuses, with its diff, what differs).
     */
    Plan plan(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> entries) {
        List<MigrationEntry> versioned = entries.stream().filter(e -> e.version() != null && e.pending() && AppliedVersions.hasFile(e)
                && upToTarget(e, settings.target())).toList();
        if (versioned.isEmpty()) {
            return Plan.NOTHING;
        }
        ManagedSchemas managed = ManagedSchemas.of(target, settings);
        ShadowReplay replay = new ShadowReplay(log, managed, AppliedVersions.unappliedRepeatables(entries),
                ManagedSchemas.compared(settings.compare()));
        String latest = versioned.get(versioned.size() - 1).version();
        log.info("Schema " + target.historySchema() + " holds objects but no history table: replaying the migrations once on a shadow"
                + " database to find the version it is at.");
        // The usual case first, at the cost of a stamp: the database holds everything up to the newest version.
        DataChangeObserver data = new DataChangeObserver();
        try (TargetReadAhead targetCatalog = TargetReadAhead.start(target, managed, replay.factSets())) {
            try {
                ExpectedSchema expected;
                String shadowDescription;
                try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
                    shadowDescription = shadow.description();
                    expected = replay.expectedAt(shadow, settings, null, latest, data);
                }
                SchemaDiff diff = SchemaDiff.compare(expected.snapshot(), targetCatalog.in(expected.scope()), settings.compare());
                if (ShadowVerification.blocking(diff, expected.snapshot()).identical()) {
                    return adopting(versioned, latest, shadowDescription, data.dataChanges());
                }
            } catch (SchemaFailure e) {
                log.info("The replay of the migrations up to " + latest + " failed (" + e.getMessage().lines().findFirst().orElse("")
                        + "): the versions before the failing migration are judged one by one.");
            }
            return versionByVersion(target, settings, versioned, managed, replay, latest, targetCatalog);
        }
    }

    /*
     * Not at the newest version. A replay that reads only the shadow's relations after each migration finds the newest
     * version after which none is missing from the target; a second replay up to it compares the whole catalog there.
     * Only when that version is not the target's does a replay compare after every migration (and name the closest).
     */
    private Plan versionByVersion(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> versioned, ManagedSchemas managed,
                                  ShadowReplay replay, String latest, TargetReadAhead targetCatalog) {
        MatchCandidates candidates = new MatchCandidates(managed, targetCatalog.in(managed));
        try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
            replay.expectedAt(shadow, settings, null, latest, candidates);
        } catch (SchemaFailure e) {
            log.debug("The replay stopped after version " + (candidates.lastReplayed() == null ? "(none)" : candidates.lastReplayed())
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        String candidate = candidates.newest();
        if (candidate != null) {
            Matching atCandidate = matching(target, settings, managed, replay, candidate, targetCatalog,
                    version -> HistoryTableWriter.compareVersions(version, candidate) == 0);
            if (atCandidate.observer().matched() != null) {
                return adopting(versioned, candidate, atCandidate.shadow(), atCandidate.observer().dataStatements());
            }
        }
        Matching everyVersion = matching(target, settings, managed, replay, latest, targetCatalog, version -> true);
        VersionMatchObserver observer = everyVersion.observer();
        String shadowDescription = everyVersion.shadow();
        String matched = observer.matched();
        if (matched == null) {
            if (observer.closest() == null || observer.firstOnlyMissing()) {
                log.info("The database holds nothing the first migration builds: every migration runs, guarded.");
                return Plan.NOTHING;
            }
            // A version's statements may still complete what is there (a table without a column V1 builds): the guard
            // decides, statement by statement, and refuses with its own diff what it cannot adopt or complete.
            atNoVersion(target.historySchema(), shadowDescription, observer.closest()).lines().limit(2).forEach(log::info);
            log.info("Every migration runs guarded: what is there and identical is adopted, what is missing is built, what differs is refused.");
            return Plan.NOTHING;
        }
        return adopting(versioned, matched, shadowDescription, observer.dataStatements());
    }

    /** A replay's comparisons, and the shadow it ran on. */
    private record Matching(VersionMatchObserver observer, String shadow) {
    }

    // A replay up to {@code upTo} on a fresh shadow, the target compared after each version {@code compared} accepts.
    private Matching matching(FlywayMigrations target, MigrationSettings settings, ManagedSchemas managed, ShadowReplay replay, String upTo,
                              TargetReadAhead targetCatalog, Predicate<String> compared) {
        try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
            VersionMatchObserver observer = new VersionMatchObserver(managed, settings.compare(),
                    new ShadowCatalog(replay.everySchema(shadow), managed.excluded(), replay.factSets()), targetCatalog, compared);
            try {
                replay.expectedAt(shadow, settings, null, upTo, observer);
            } catch (SchemaFailure e) {
                // the upgrade meets the same failure on the target and reports it there, with file and line
                log.info("The replay stopped after version " + (observer.lastReplayed() == null ? "(none)" : observer.lastReplayed())
                        + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            return new Matching(observer, shadow.description());
        }
    }

    private Plan adopting(List<MigrationEntry> versioned, String matched, String shadow, Map<String, List<String>> data) {
        List<MigrationEntry> adopted = versioned.stream().filter(e -> HistoryTableWriter.compareVersions(e.version(), matched) <= 0).toList();
        log.info("The database holds what the migrations up to version " + matched + " build (replayed on " + shadow + "): "
                + adopted.size() + " migration" + (adopted.size() == 1 ? "" : "s") + " adopted, the rest run guarded.");
        return new Plan(matched, adopted, shadow, data);
    }

    // A target given as a version bounds the adoption too; latest, current or none: every migration.
    private static boolean upToTarget(MigrationEntry entry, String target) {
        return target == null || !target.matches("[0-9][0-9._]*") || HistoryTableWriter.compareVersions(entry.version(), target) <= 0;
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
        String why = "the database holds what the migrations up to version " + plan.version() + " build (one replay on "
                + plan.shadow() + ", compared after each migration); none of its statements ran";
        List<MigrationOutcome> outcomes = new ArrayList<>();
        try {
            List<MigrationEntry> written = new LockedHistory(target, settings).recordMigrations(target, plan.migrations(), AuditTable.ADOPTED,
                    migration -> {
                        List<String> data = plan.dataStatements().getOrDefault(migration.fileName(), List.of());
                        return "adopted: " + why + (data.isEmpty() ? "" : "; data statements not run: " + String.join(", ", data));
                    });
            for (MigrationEntry migration : written) {
                outcomes.add(new MigrationOutcome(migration.version(), migration.description(), migration.script(),
                        MigrationOutcome.Kind.ADOPTED, 0, List.of(SkippedStatement.of("the whole migration: " + why))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the adopted migrations: " + e.getMessage(), e);
        }
        for (MigrationEntry migration : plan.migrations()) {
            plan.dataStatements().getOrDefault(migration.fileName(), List.of()).forEach(statement -> log.warn(migration.fileName() + ", "
                    + statement + " was not run: the migration was adopted, and no comparison verifies a change of rows"));
        }
        return outcomes;
    }

    private static String atNoVersion(String schema, String shadow, VersionMatchObserver.Mismatch closest) {
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
