package io.schemaguard.guard;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;
import io.schemaguard.flyway.ConnectionLoss;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what a statement adds beside the identical objects it collided with (the migration is then
 * completed), and checks the database now holds each part exactly as the probe's candidate built it.
 * ALTER TABLE runs without the actions whose column or constraint is already there; a constraint those
 * actions carried (an inline REFERENCES, UNIQUE, CHECK) is added under the name and definition the
 * candidate gave it. Whatever is still missing or different afterwards is reported, never dropped.
 */
final class StatementCompletion {
    /**
     * @param built   the parts now there, as the candidate built them
     * @param unmet   per object, how the database still falls short of the candidate; empty when complete
     * @param failure the server's error while building (the parts are then all unmet), or null
     */
    record Outcome(List<String> built, List<ObjectVerdict> unmet, SQLException failure) {
        boolean complete() {
            return unmet.isEmpty() && failure == null;
        }
    }

    private final CompareMode mode;

    StatementCompletion(CompareMode mode) {
        this.mode = mode;
    }

    /** Runs inside the statement's savepoint: the caller rolls it back unless the outcome is complete. */
    Outcome complete(Connection connection, String sql, ProbeResult result) throws SQLException {
        CatalogSnapshot live;
        try {
            String rest = AlterTableActions.without(sql, result.collided());
            if (rest != null) {
                execute(connection, rest);
            }
            live = result.scope().take(connection);
            StringBuilder constraints = new StringBuilder();
            for (StatementPart part : result.parts()) {
                boolean constraint = part.subject() != null && part.subject().startsWith("constraint ");
                if (constraint && live.find(part.key()).map(o -> o.facets().get(part.subject())).isEmpty()) {
                    constraints.append("ALTER TABLE ").append(IncumbentMover.q(part.key().schema())).append('.')
                            .append(IncumbentMover.q(part.key().name())).append(" ADD ").append(part.subject()).append(' ')
                            .append(part.expected()).append(";\n");
                }
            }
            if (!constraints.isEmpty()) {
                execute(connection, constraints.toString());
                live = result.scope().take(connection);
            }
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw e;
            }
            return new Outcome(List.of(), missing(result.parts()), e);
        }
        List<String> built = new ArrayList<>();
        Map<String, List<Difference>> shortfalls = new LinkedHashMap<>();
        for (StatementPart part : result.parts()) {
            List<Difference> shortfall = part.shortfall(live, mode);
            if (shortfall.isEmpty()) {
                built.add(part.describe());
            } else {
                shortfalls.computeIfAbsent(part.key().describe(), k -> new ArrayList<>()).addAll(shortfall);
            }
        }
        List<ObjectVerdict> unmet = new ArrayList<>();
        shortfalls.forEach((object, differences) -> unmet.add(new ObjectVerdict(object, DiffText.lines(differences), List.of())));
        return new Outcome(built, unmet, null);
    }

    /** Every part as missing: what the database lacks when nothing more could be built. */
    static List<ObjectVerdict> missing(List<StatementPart> parts) {
        Map<String, List<Difference>> byObject = new LinkedHashMap<>();
        for (StatementPart part : parts) {
            byObject.computeIfAbsent(part.key().describe(), k -> new ArrayList<>()).add(part.beforeBuilding());
        }
        List<ObjectVerdict> verdicts = new ArrayList<>();
        byObject.forEach((object, differences) -> verdicts.add(new ObjectVerdict(object, DiffText.lines(differences), List.of())));
        return verdicts;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
