package io.schemaguard.engine;

import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The use cases — upgrade, current, history — over one target database. Knows nothing of Maven. */
public final class SchemaEngine {
    private final Log log;

    public SchemaEngine(Log log) {
        this.log = Objects.requireNonNull(log);
    }

    public UpgradeReport upgrade(MigrationSettings settings) {
        FlywayMigrations flyway = new FlywayMigrations(settings, log);
        flyway.checkInputs();
        HistoryReport before = history(flyway);
        String versionBefore = before.current().map(HistoryEntry::version).orElse(null);
        long started = System.nanoTime();
        flyway.migrate();
        HistoryReport after = history(flyway);
        List<MigrationOutcome> outcomes = new ArrayList<>();
        for (HistoryEntry entry : after.entries()) {
            boolean newlyApplied = entry.installedOn() != null && before.entries().stream().noneMatch(b ->
                    Objects.equals(b.version(), entry.version()) && Objects.equals(b.script(), entry.script()) && b.installedOn() != null
                            && Objects.equals(b.installedOn(), entry.installedOn()));
            if (newlyApplied) {
                outcomes.add(new MigrationOutcome(entry.version(), entry.description(), entry.script(), MigrationOutcome.Kind.APPLIED,
                        entry.executionMillis() == null ? 0 : entry.executionMillis(), List.of()));
            }
        }
        log.debug("upgrade took " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return new UpgradeReport(versionBefore, after.current().map(HistoryEntry::version).orElse(null), outcomes, settings.dryRun());
    }

    public HistoryReport history(MigrationSettings settings) {
        FlywayMigrations flyway = new FlywayMigrations(settings, log);
        flyway.checkInputs();
        return history(flyway);
    }

    private HistoryReport history(FlywayMigrations flyway) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (MigrationEntry e : flyway.entries()) {
            entries.add(new HistoryEntry(e.version(), e.description(), e.type(), MigrationState.ofFlyway(e.flywayState()),
                    e.installedOn(), e.installedBy(), e.executionMillis(), e.script()));
        }
        return new HistoryReport(entries);
    }
}
