package io.schemaguard.engine;

import io.schemaguard.guard.SkippedStatement;
import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.AppliedMigration;
import io.schemaguard.flyway.CreatedHistoryTable;
import io.schemaguard.flyway.FlywayGoalLog;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistorySchemaContent;
import io.schemaguard.flyway.HistoryProblem;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.flyway.UndoScript;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.guard.GuardJournal;
import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.guard.GuardedStatementExecutor;
import io.schemaguard.guard.ObjectProbe;
import io.schemaguard.output.Log;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The use cases — upgrade, downgrade, current, history — over one target database. Knows nothing of Maven. */
public final class SchemaEngine {
    // No embedded server without the build's repositories: the engine then judges on a temporary database only.
    private static final PostgresBinaries NO_EMBEDDED_SERVER = major -> {
        throw new java.io.IOException("no PostgreSQL binaries were given for an embedded server; give a shadow database (shadowUrl)");
    };

    private final Log log;

    public SchemaEngine(Log log) {
        this.log = new FlywayGoalLog(Objects.requireNonNull(log));
    }

    /** An upgrade whose refused migrations are judged on a temporary database on the target's server (no embedded one). */
    public UpgradeReport upgrade(MigrationSettings settings) {
        return upgrade(settings, ShadowSettings.automatic(), NO_EMBEDDED_SERVER);
    }

    /**
     * Applies the pending migrations, guarded. A migration the guard refuses is judged as a whole on a
     * shadow database (opened only then) and adopted when the database holds exactly what it builds.
     */
    public UpgradeReport upgrade(MigrationSettings settings, ShadowSettings shadowSettings, PostgresBinaries binaries) {
        return upgrade(settings, shadowSettings, binaries, doneBefore -> { });
    }

    /**
     * The upgrade, telling {@code doneBeforeFailure} what it did before it failed (the migrations it committed, the
     * versions), so that a report can be written for a failed run too; the failure is then thrown as it is.
     */
    public UpgradeReport upgrade(MigrationSettings settings, ShadowSettings shadowSettings, PostgresBinaries binaries,
                                 Consumer<UpgradeReport> doneBeforeFailure) {
        WholeMigrationAdoption adoption = new WholeMigrationAdoption(log, new WholeMigrationJudge(log, binaries, shadowSettings));
        try (FlywayMigrations inspection = new FlywayMigrations(settings, log)) {
            inspection.checkInputs();
            List<MigrationEntry> entriesBefore = inspection.entries();
            HistoryReport before = versions(entriesBefore);
            String versionBefore = before.current().map(HistoryEntry::version).orElse(null);
            GuardJournal journal = new GuardJournal();
            HistorySchemaContent content = inspection.contentWithoutHistory(audit(inspection, settings).name());
            boolean historyMissing = content != null;
            // A clean keeps this plugin's audit table: none of the user's objects, but Flyway would refuse the schema for it.
            CreatedHistoryTable created = content == HistorySchemaContent.AUDIT_TABLE_ONLY && !settings.dryRun()
                    ? inspection.createHistoryTable() : null;
            if (settings.guard() != GuardMode.VERIFY && !settings.dryRun()) {
                try {
                    return upgrade(inspection, inspection, entriesBefore, before, journal, settings, null, Map.of(), doneBeforeFailure);
                } catch (RuntimeException e) {
                    removeIfEmpty(created, e);
                    throw e;
                }
            }
            boolean adopting = content == HistorySchemaContent.OBJECTS && settings.guard() == GuardMode.VERIFY;
            OneReplayAdoption oneReplay = new OneReplayAdoption(log, binaries, shadowSettings);
            // judged before anything is written: a schema at no version of the migrations is refused unchanged
            OneReplayAdoption.Plan plan = adopting ? oneReplay.plan(inspection, settings, entriesBefore) : OneReplayAdoption.Plan.NOTHING;
            if (adopting && !settings.dryRun()) {
                log.info("Schema " + inspection.historySchema() + " holds objects but no history table: creating it;"
                        + " every migration it does not hold yet runs guarded and adopts what is already there and identical.");
                created = inspection.createHistoryTable();
            }
            GuardedStatementExecutor guard = new GuardedStatementExecutor(new ObjectProbe(settings.compare()), audit(inspection, settings), journal, log,
                    historyMissing, settings.dryRun(), settings.guard() == GuardMode.VERIFY);
            Map<String, MigrationOutcome> adoptedFirst = new LinkedHashMap<>();
            if (settings.dryRun()) {
                plan.migrations().forEach(m -> adoptedFirst.put(m.script(), new MigrationOutcome(m.version(), m.description(), m.script(),
                        MigrationOutcome.Kind.ADOPTED, 0, List.of(SkippedStatement.of("the whole migration: the database holds what the migrations up to version "
                        + plan.version() + " build (one replay on " + plan.shadow() + ")")))));
                try {
                    return dryRun(inspection, settings, guard, journal, versionBefore, settings.guard() == GuardMode.VERIFY ? adoption : null,
                            adoptedFirst);
                } catch (RuntimeException e) {
                    doneBeforeFailure.accept(new UpgradeReport(versionBefore, versionBefore, List.of(), true)); // all rolled back
                    throw e;
                }
            }
            try {
                oneReplay.record(inspection, settings, plan).forEach(outcome -> adoptedFirst.put(outcome.script(), outcome));
                List<MigrationEntry> pending = adoptedFirst.isEmpty() ? entriesBefore : inspection.entries();
                try (FlywayMigrations guarded = new FlywayMigrations(settings, log, guard)) {
                    return upgrade(inspection, guarded, pending, before, journal, settings, adoption, adoptedFirst, doneBeforeFailure);
                }
            } catch (RuntimeException e) {
                removeIfEmpty(created, e);
                throw e;
            }
        }
    }

    /** A failed run leaves no empty history table of its own making behind (SPEC §10: a refusal changes nothing). */
    private void removeIfEmpty(CreatedHistoryTable created, RuntimeException failure) {
        if (created == null) {
            return;
        }
        try {
            if (created.removeIfEmpty()) {
                log.info("The history table this upgrade created was removed again: nothing was recorded in it.");
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * @param adoption     what a refused migration is judged by; null when the guard is off
     * @param adoptedFirst the migrations a schema without history was found to hold, already recorded as adopted
     */
    private UpgradeReport upgrade(FlywayMigrations inspection, FlywayMigrations migrations, List<MigrationEntry> entriesBefore,
                                  HistoryReport before, GuardJournal journal, MigrationSettings settings, WholeMigrationAdoption adoption,
                                  Map<String, MigrationOutcome> adoptedFirst, Consumer<UpgradeReport> doneBeforeFailure) {
        List<AppliedMigration> applied = new ArrayList<>();
        Map<String, MigrationOutcome> adoptedWhole = new LinkedHashMap<>(adoptedFirst);
        adoptedFirst.values().forEach(outcome -> applied.add(new AppliedMigration(outcome.version(), outcome.description())));
        try {
            migrate(inspection, migrations, entriesBefore, before, journal, settings, adoption, applied, adoptedWhole);
        } catch (RuntimeException failure) {
            doneBeforeFailure.accept(doneBefore(inspection, entriesBefore, before, journal, settings, applied, adoptedWhole, failure));
            throw failure;
        }
        return report(inspection, entriesBefore, before, journal, settings, applied, adoptedWhole);
    }

    // The migrations up to the target, adopting as a whole those the guard refuses and the shadow accepts; fills the two collections.
    private void migrate(FlywayMigrations inspection, FlywayMigrations migrations, List<MigrationEntry> entriesBefore,
                         HistoryReport before, GuardJournal journal, MigrationSettings settings, WholeMigrationAdoption adoption,
                         List<AppliedMigration> applied, Map<String, MigrationOutcome> adoptedWhole) {
        List<MigrationEntry> pending = entriesBefore;
        while (true) {
            try {
                applied.addAll(migrations.migrate(pending));
                break;
            } catch (GuardRefusal refusal) {
                if (adoption == null) {
                    throw refusal;
                }
                pending = inspection.entries();
                applied.addAll(committedBefore(pending, before, journal));
                MigrationOutcome adopted = adoption.adoptOrRefuse(inspection, settings, refusal, false);
                adoptedWhole.put(adopted.script(), adopted);
                applied.add(new AppliedMigration(adopted.version(), adopted.description()));
                pending = inspection.entries();
            }
        }
    }

    // What a failed upgrade committed before its failure; only the version before when even that cannot be read.
    private UpgradeReport doneBefore(FlywayMigrations inspection, List<MigrationEntry> entriesBefore, HistoryReport before, GuardJournal journal, MigrationSettings settings,
                                     List<AppliedMigration> applied, Map<String, MigrationOutcome> adoptedWhole, RuntimeException failure) {
        try {
            List<AppliedMigration> committed = new ArrayList<>(applied);
            committed.addAll(committedBefore(inspection.entries(), before, journal));
            return report(inspection, entriesBefore, before, journal, settings, committed, adoptedWhole);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return new UpgradeReport(before.current().map(HistoryEntry::version).orElse(null), null, List.of(), false);
        }
    }

    // The history after the run: one read of its table where it only grew by migrations pending before, else Flyway's info().
    private UpgradeReport report(FlywayMigrations inspection, List<MigrationEntry> entriesBefore, HistoryReport before, GuardJournal journal,
                                 MigrationSettings settings, List<AppliedMigration> applied, Map<String, MigrationOutcome> adoptedWhole) {
        List<MigrationEntry> appliedNow = inspection.appliedAfter(entriesBefore);
        HistoryReport after = versions(appliedNow != null ? appliedNow : inspection.entries());
        List<MigrationOutcome> outcomes = new ArrayList<>();
        for (HistoryEntry entry : after.entries()) {
            // a build racing this one may have applied some: each build reports only what it ran itself
            if (entry.installedOn() == null || wasApplied(before, entry)
                    || applied.stream().noneMatch(a -> a.is(entry.version(), entry.description()))) {
                continue;
            }
            if (adoptedWhole.containsKey(entry.script())) {
                outcomes.add(adoptedWhole.get(entry.script()));
                continue;
            }
            GuardJournal.ScriptRecord record = journal.of(entry.script());
            outcomes.add(new MigrationOutcome(entry.version(), entry.description(), entry.script(), kind(record),
                    entry.executionMillis() == null ? 0 : entry.executionMillis(), record.skippedStatements()));
        }
        String versionBefore = before.current().map(HistoryEntry::version).orElse(null);
        return new UpgradeReport(versionBefore, after.current().map(HistoryEntry::version).orElse(null), outcomes, false);
    }

    /**
     * Flyway's result of a migrate call that a refusal interrupted is lost: the migrations it committed
     * before are those now in the history, not before it, whose statements this build ran.
     */
    private static List<AppliedMigration> committedBefore(List<MigrationEntry> now, HistoryReport before, GuardJournal journal) {
        return now.stream().filter(e -> e.applied() && !e.failed() && before.entries().stream().noneMatch(b -> b.installedOn() != null
                        && Objects.equals(b.version(), e.version()) && Objects.equals(b.script(), e.script())
                        && Objects.equals(b.installedOn(), e.installedOn())))
                // a Java migration runs past the guard, so the journal never sees it
                .filter(e -> e.javaMigration() || journal.of(e.script()).executed() > 0 || !journal.of(e.script()).skipped().isEmpty())
                .map(e -> new AppliedMigration(e.version(), e.description())).toList();
    }

    // A migration adopted as a whole is left out of the next attempt, as if its file were absent: its objects are already there.
    private UpgradeReport dryRun(FlywayMigrations inspection, MigrationSettings settings, GuardedStatementExecutor guard,
                                 GuardJournal journal, String versionBefore, WholeMigrationAdoption adoption,
                                 Map<String, MigrationOutcome> adoptedFirst) {
        Map<String, MigrationOutcome> adoptedWhole = new LinkedHashMap<>(adoptedFirst);
        while (true) {
            List<MigrationEntry> ran;
            try (FlywayMigrations guarded = new FlywayMigrations(settings, log, guard, adoptedWhole.keySet())) {
                ran = guarded.dryRun();
            } catch (GuardRefusal refusal) {
                if (adoption == null) {
                    throw refusal;
                }
                MigrationOutcome adopted = adoption.adoptOrRefuse(inspection, settings, refusal, true);
                adoptedWhole.put(adopted.script(), adopted);
                continue;
            }
            List<MigrationOutcome> outcomes = new ArrayList<>();
            String versionAfter = versionBefore;
            for (MigrationEntry entry : inspection.entries()) {
                MigrationOutcome outcome = adoptedWhole.get(entry.script());
                if (outcome == null && ran.stream().anyMatch(r -> Objects.equals(r.script(), entry.script()))) {
                    outcome = new MigrationOutcome(entry.version(), entry.description(), entry.script(), kind(journal.of(entry.script())),
                            0, journal.of(entry.script()).skippedStatements());
                }
                if (outcome != null) {
                    outcomes.add(outcome);
                    versionAfter = entry.version() == null ? versionAfter : entry.version();
                }
            }
            return new UpgradeReport(versionBefore, versionAfter, outcomes, true);
        }
    }


    private static MigrationOutcome.Kind kind(GuardJournal.ScriptRecord record) {
        return record.skipped().isEmpty() ? MigrationOutcome.Kind.APPLIED
                : record.executed() == 0 ? MigrationOutcome.Kind.ADOPTED : MigrationOutcome.Kind.COMPLETED;
    }

    /**
     * Drift: the live schema against what the applied migrations build, replayed on a shadow
     * database (the given one, a temporary one, or an embedded server), plus history problems.
     */
    public DriftReport verify(MigrationSettings settings, ShadowSettings shadowSettings, PostgresBinaries binaries) {
        try (FlywayMigrations target = new FlywayMigrations(settings, log)) {
            return verify(target, settings, shadowSettings, binaries);
        }
    }

    private DriftReport verify(FlywayMigrations target, MigrationSettings settings, ShadowSettings shadowSettings, PostgresBinaries binaries) {
        target.checkInputs();
        List<HistoryProblem> problems = target.historyTableExists() ? target.historyProblems() : List.of();
        // Flyway's info() resolves and reads every migration: once, where the history says a version
        List<MigrationEntry> withHistory = target.historyTableExists() ? target.entries() : null;
        String version = withHistory == null ? null : AppliedVersions.current(withHistory);
        ManagedSchemas managed = ManagedSchemas.of(target, settings);
        ShadowDatabases shadows = new ShadowDatabases(binaries, log);
        List<MigrationEntry> entries = withHistory == null ? target.entries() : withHistory;
        String replayed = AppliedVersions.replayable(entries);
        ShadowReplay replay = new ShadowReplay(log, managed, AppliedVersions.unappliedRepeatables(entries));
        ExpectedSchema expected;
        String description;
        CatalogSnapshot found;
        try (TargetReadAhead targetCatalog = TargetReadAhead.start(target, managed, FactSet.ALL)) {
            try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
                description = shadow.description();
                log.info("Expected schema: " + (version == null ? "nothing applied yet" : "migrations up to version " + version + " replayed")
                        + " on " + description + ".");
                expected = replay.expectedAt(shadow, settings, replayed);
            }
            found = targetCatalog.in(expected.scope());
        }
        SchemaDiff diff = SchemaDiff.compare(expected.snapshot(), found, settings.compare());
        // Only when something is missing or different: a second replay names the migration or callback that builds it.
        ObjectOrigins origins = ObjectOrigins.of(diff, () -> shadows.open(settings.connection(), shadowSettings, expected.scope().schemas()),
                replay, settings, expected.scope(), replayed);
        return new DriftReport(version, description, expected.scope().schemas(), diff, problems, origins.byGroup());
    }

    /** Records the migrations up to a version as applied, after verifying the schema holds what they build (or going down). */
    public StampReport stamp(MigrationSettings settings, StampSettings stamp, ShadowSettings shadowSettings, PostgresBinaries binaries) {
        return new VerifiedStamp(log, binaries).run(settings, stamp, shadowSettings);

    }

    /** The history against the migration files: changed checksums, files gone, failed rows, out-of-order ones; no replay. */
    public ValidateReport validate(MigrationSettings settings) {
        try (FlywayMigrations flyway = new FlywayMigrations(settings, log)) {
            flyway.checkInputs();
            if (!flyway.historyTableExists()) {
                return new ValidateReport(null, 0, List.of());
            }
            List<MigrationEntry> entries = flyway.entries();
            int applied = (int) entries.stream().filter(e -> e.applied() && !"SCHEMA".equals(e.type())).count();
            // Flyway names the file by its absolute path (none when it is gone): the user knows it by its script name
            List<HistoryProblem> problems = flyway.historyProblems().stream().map(p -> new HistoryProblem(p.version(),
                    entries.stream().filter(e -> p.version() != null && p.version().equals(e.version())).map(MigrationEntry::script)
                            .findFirst().orElse(p.script() == null || p.script().isEmpty() ? null
                                    : java.nio.file.Path.of(p.script()).getFileName().toString()), p.problem(), p.advice())).toList();
            return new ValidateReport(AppliedVersions.current(entries), applied, problems);
        }
    }

    /** Flyway's baseline at a version, recorded only after verifying the database holds what the migrations up to it build. */
    public BaselineReport baseline(MigrationSettings settings, io.schemaguard.settings.BaselineSettings baseline, ShadowSettings shadowSettings,
                                   PostgresBinaries binaries) {
        return new VerifiedBaseline(log, binaries).run(settings, baseline, shadowSettings);
    }

    /** Flyway's repair of the history, each change audited; a dry run changes nothing. */
    public RepairReport repair(MigrationSettings settings, boolean dryRun) {
        return new HistoryRepairRun(log).run(settings, dryRun);
    }

    /** Flyway's clean of the managed schemas, refused unless cleanDisabled=false; see {@link Clean}. */
    public CleanReport clean(MigrationSettings settings, boolean dryRun) {
        return new Clean(log).run(settings, dryRun);
    }

    /** Undoes applied migrations down to the target with their undo scripts (SPEC §7); see {@link Downgrade}. */
    public DowngradeReport downgrade(MigrationSettings settings, DowngradeTarget target) {
        return new Downgrade(settings, log).run(target);
    }

    public HistoryReport history(MigrationSettings settings) {
        try (FlywayMigrations flyway = new FlywayMigrations(settings, log)) {
            flyway.checkInputs();
            return history(flyway, flyway.entries(), settings);
        }
    }

    private static boolean wasApplied(HistoryReport before, HistoryEntry entry) {
        return before.entries().stream().anyMatch(b -> Objects.equals(b.version(), entry.version())
                && Objects.equals(b.script(), entry.script()) && Objects.equals(b.installedOn(), entry.installedOn()));
    }

    private static AuditTable audit(FlywayMigrations flyway, MigrationSettings settings) {
        return new AuditTable(flyway.historySchema(), settings.table());
    }

    /**
     * The history as far as an upgrade's report reads it (versions, rows, the current version), without reading the audit
     * table: its decisions only turn an applied state into another successful one, which neither changes.
     */
    private static HistoryReport versions(List<MigrationEntry> migrations) {
        return new HistoryReport(migrations.stream().map(e -> new HistoryEntry(e.version(), e.description(), e.type(),
                MigrationState.ofFlyway(e.flywayState(), e.type()), e.installedOn(), e.installedBy(), e.executionMillis(), e.script(), null))
                .toList());
    }

    private HistoryReport history(FlywayMigrations flyway, List<MigrationEntry> migrations, MigrationSettings settings) {
        Map<String, String> decisions;
        try {
            decisions = flyway.inspect(audit(flyway, settings)::decisionsByScript);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the audit table: " + e.getMessage(), e);
        }
        List<UndoScript> undoScripts = flyway.undoScripts();
        List<HistoryEntry> entries = new ArrayList<>();
        for (MigrationEntry e : migrations) {
            MigrationState state = MigrationState.ofFlyway(e.flywayState(), e.type());
            if (state == MigrationState.APPLIED && decisions.containsKey(e.script())) {
                state = MigrationState.valueOf(decisions.get(e.script()).toUpperCase(java.util.Locale.ROOT));
            }
            String undo = !e.applied() || e.version() == null ? null : undoScripts.stream().filter(u -> u.undoes(e.version()))
                    .map(UndoScript::fileName).findFirst().orElse(null);
            entries.add(new HistoryEntry(e.version(), e.description(), e.type(), state,
                    e.installedOn(), e.installedBy(), e.executionMillis(), e.script(), undo));
        }
        return new HistoryReport(entries);
    }
}
