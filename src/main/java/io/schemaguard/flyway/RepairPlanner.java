package io.schemaguard.flyway;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.pattern.ValidatePattern;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.extensibility.AppliedMigration;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Flyway's repair (13) would change, read from Flyway's own view of files and rows: failed rows removed;
 * applied migrations without a file (missing, or future unless ignored by {@code ignoreMigrationPatterns}) marked
 * deleted; an applied versioned migration whose checksum, description or type differs from its file realigned,
 * and a repeatable one only when its checksum differs in form alone (a changed repeatable is re-run, not realigned).
 */
final class RepairPlanner {
    private static final Set<MigrationState> WITHOUT_FILE = Set.of(MigrationState.MISSING_SUCCESS, MigrationState.FUTURE_SUCCESS);

    private RepairPlanner() {
    }

    /**
     * The changes in the order Flyway's repair makes them: failed rows first, then deleted marks, then realignments.
     *
     * @param all Flyway's info with outOfOrder on and no target, as its repair reads it
     */
    static List<HistoryRepair> plan(MigrationInfo[] all, ValidatePattern[] ignored) {
        List<HistoryRepair> plan = new ArrayList<>();
        for (MigrationInfo info : all) {
            AppliedMigration applied = ((MigrationInfoImpl) info).getAppliedMigration();
            ResolvedMigration resolved = ((MigrationInfoImpl) info).getResolvedMigration();
            if (applied == null) {
                continue;
            }
            if (!applied.isSuccess()) {
                plan.add(change(HistoryRepair.Kind.REMOVE_FAILED, applied, null));
                continue;
            }
            if (applied.getType().isSynthetic() || applied.getType().isUndo()) {
                continue;
            }
            MigrationState state = info.getState();
            boolean versioned = applied.getVersion() != null;
            if (WITHOUT_FILE.contains(state)) {
                if (Arrays.stream(ignored).noneMatch(p -> p.matchesMigration(versioned, state))) {
                    plan.add(change(HistoryRepair.Kind.MARK_DELETED, applied, null));
                }
                continue;
            }
            if (resolved == null || state == MigrationState.UNDONE || state == MigrationState.IGNORED) {
                continue;
            }
            boolean realign = versioned
                    ? !resolved.checksumMatches(applied.getChecksum()) || !Objects.equals(resolved.getDescription(), applied.getDescription())
                            || !Objects.equals(resolved.getType().name(), applied.getType().name())
                    : resolved.checksumMatchesWithoutBeingIdentical(applied.getChecksum());
            if (realign) {
                plan.add(change(HistoryRepair.Kind.ALIGN, applied, resolved));
            }
        }
        plan.sort(java.util.Comparator.comparing(HistoryRepair::kind));
        return plan;
    }

    private static HistoryRepair change(HistoryRepair.Kind kind, AppliedMigration applied, ResolvedMigration resolved) {
        return new HistoryRepair(kind, applied.getInstalledRank(), applied.getVersion() == null ? null : applied.getVersion().getVersion(),
                applied.getDescription(), applied.getType().name(), applied.getScript(), applied.getChecksum(), applied.isSuccess(),
                resolved == null ? applied.getDescription() : resolved.getDescription(),
                resolved == null ? applied.getType().name() : resolved.getType().name(),
                resolved == null ? applied.getChecksum() : resolved.getChecksum());
    }
}
