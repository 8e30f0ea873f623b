package io.schemaguard.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.catalog.ObjectKind;
import io.schemaguard.flyway.ConnectionLoss;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds what a statement creates next to the object it collided with, and compares the two from
 * the catalog. Everything happens under a savepoint that is always rolled back: nothing of the
 * probe (the probe schema, the moved or renamed incumbent, the candidate) survives, whatever happens.
 */
public final class ObjectProbe {
    // CREATE INDEX CONCURRENTLY cannot run in a transaction; the index it builds is the same without the keyword.
    private static final Pattern CONCURRENTLY = Pattern.compile("(?is)(\\bINDEX\\s+)CONCURRENTLY\\b");

    private final CandidateComparison comparison;
    private final StatementCompletion completion;

    public ObjectProbe() {
        this(CompareMode.DEFAULT);
    }

    /** @param mode whether owners, privileges and comments are differences or only reported */
    public ObjectProbe(CompareMode mode) {
        this.comparison = new CandidateComparison(mode);
        this.completion = new StatementCompletion(mode);
    }

    ProbeResult compare(Connection connection, String sql, boolean outsideTransaction) throws SQLException {
        List<ObjectTarget> targets = StatementTarget.of(sql);
        if (targets.isEmpty()) {
            return ProbeResult.unverifiable("an object this statement creates already exists, and the guard cannot compare this kind"
                    + " of statement (it compares tables, views, sequences, indexes, columns, constraints, triggers, policies,"
                    + " functions, types, domains, schemas and extensions)");
        }
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        Savepoint savepoint = connection.setSavepoint();
        ProbeResult result;
        try {
            result = probe(connection, outsideTransaction ? transactional(sql) : sql, targets);
        } catch (SQLException e) {
            // the probe's own error tells what happened (a lost connection); a failing rollback would only hide it
            try {
                undo(connection, savepoint, autoCommit);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        undo(connection, savepoint, autoCommit);
        return result;
    }

    /** Builds the parts of {@code result} the database lacks, under the caller's savepoint, and checks them. */
    StatementCompletion.Outcome complete(Connection connection, String sql, ProbeResult result) throws SQLException {
        return completion.complete(connection, sql, result);
    }

    private static void undo(Connection connection, Savepoint savepoint, boolean autoCommit) throws SQLException {
        try {
            connection.rollback(savepoint);
            if (autoCommit) {
                connection.rollback();
            }
        } finally {
            if (autoCommit) {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The statement as it can run inside a transaction: CREATE INDEX without CONCURRENTLY builds the same index. */
    static String transactional(String sql) {
        return CONCURRENTLY.matcher(sql).replaceFirst("$1");
    }

    private ProbeResult probe(Connection connection, String sql, List<ObjectTarget> targets) throws SQLException {
        String probeSchema = "sg_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        IncumbentMover mover = new IncumbentMover(connection, probeSchema);
        List<MovedIncumbent> incumbents = new ArrayList<>();
        for (ObjectTarget target : targets) {
            Optional<MovedIncumbent> incumbent = mover.locate(target);
            if (incumbent.isEmpty()) {
                continue;
            }
            if (incumbent.get().kindDiffers()) {
                String kind = target.kind().name().toLowerCase().replace('_', ' ');
                return ProbeResult.compared(List.of(new ObjectVerdict(target.describe(),
                        List.of(CandidateComparison.line(kind + " " + target.name(), kind, incumbent.get().foundKind())), List.of())));
            }
            incumbents.add(incumbent.get());
        }
        if (incumbents.isEmpty()) {
            return ProbeResult.unverifiable("an object this statement creates already exists, but it is not the "
                    + targets.get(0).describe() + " the statement names (another object holds that name)");
        }
        List<ObjectVerdict> verdicts = new ArrayList<>();
        List<MovedIncumbent> probed = new ArrayList<>();
        List<ObjectTarget> collided = incumbents.stream().map(MovedIncumbent::target).toList();
        for (MovedIncumbent incumbent : incumbents) {
            ObjectTarget.Kind kind = incumbent.target().kind();
            if (kind == ObjectTarget.Kind.SCHEMA && StatementTarget.createsSchemaElements(sql)) {
                return schemaElements(connection, sql, incumbent, collided);
            } else if (kind == ObjectTarget.Kind.SCHEMA) {
                verdicts.add(new ObjectVerdict(incumbent.target().describe(), List.of(), List.of()));
            } else if (kind == ObjectTarget.Kind.EXTENSION) {
                verdicts.add(ExtensionComparison.verdict(connection, sql, incumbent.target()));
            } else {
                probed.add(incumbent);
            }
        }
        if (probed.isEmpty()) {
            return ProbeResult.compared(verdicts);
        }
        // The incumbents are read where they are, before anything moves: their definitions keep their real names.
        Set<String> schemas = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        Set<FactSet> factSets = EnumSet.noneOf(FactSet.class);
        for (MovedIncumbent m : probed) {
            schemas.add(m.schema());
            factSets.addAll(factSetsFor(m.target().kind()));
            if (m.target().kind() != ObjectTarget.Kind.COLUMN && m.target().kind() != ObjectTarget.Kind.CONSTRAINT) {
                factSets.add(FactSet.PRIVILEGES); // an adopted object's owner, grants and comment are told (compared when strict)
            }
            names.add(m.target().name());
            if (m.target().table() != null) {
                names.add(m.target().table());
            }
        }
        CatalogSnapshot before = CatalogSnapshot.take(connection, schemas, List.of(), names, factSets);
        MovedIncumbent first = probed.get(0);
        try {
            putAside(connection, mover, probeSchema, probed);
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw e;
            }
            return ProbeResult.failed(first.target(), "moving it aside, to build the statement's object next to it,", e);
        }
        // A failing candidate needs no savepoint of its own: the probe's savepoint is rolled back whatever happens.
        SQLException failure;
        if (first.target().kind() == ObjectTarget.Kind.FUNCTION) {
            OverloadTrial trial = buildBesideOverload(connection, sql, mover, first);
            if (trial.moveError() != null) {
                return ProbeResult.failed(first.target(), "moving an overload of it aside, to build the statement's function next"
                        + " to it,", trial.moveError());
            }
            failure = trial.candidateError();
            if (trial.overload() != null) {
                probed.set(0, first.withOverload(trial.overload()));
            }
        } else {
            failure = run(connection, sql);
        }
        if (failure != null) {
            if (ConnectionLoss.is(failure)) {
                throw failure;
            }
            if (DuplicateObject.is(failure)) {
                return ProbeResult.unverifiable("an object this statement creates already exists, and with "
                        + first.target().describe() + " out of the way it still collides with another one");
            }
            return ProbeResult.failed(first.target(), "building what the statement creates, with it moved aside,", failure);
        }
        CatalogSnapshot after = CatalogSnapshot.take(connection, schemas, List.of(), names, factSets);
        verdicts.addAll(comparison.verdicts(before, after, probed));
        return ProbeResult.compared(verdicts, probed).withParts(collided, comparison.parts(before, after, probed),
                new SnapshotScope(schemas, names, factSets));
    }

    /**
     * CREATE SCHEMA app CREATE TABLE … CREATE VIEW … over an existing schema app: the incumbent is renamed, the
     * candidate schema built with its elements, and each element compared with the object of that name in the incumbent.
     * Elements the incumbent lacks are parts still to build; objects of the incumbent the statement does not build are its own.
     */
    private ProbeResult schemaElements(Connection connection, String sql, MovedIncumbent incumbent, List<ObjectTarget> collided)
            throws SQLException {
        String schema = incumbent.target().name();
        SnapshotScope scope = new SnapshotScope(Set.of(schema), Set.of(), FactSet.ALL);
        CatalogSnapshot before = scope.take(connection);
        String suffix = IncumbentMover.PROBE_SUFFIX + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute(connection, "ALTER SCHEMA " + IncumbentMover.q(schema) + " RENAME TO "
                + IncumbentMover.q(ServerName.truncated(schema, ServerName.MAX_BYTES - suffix.length()) + suffix));
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw e;
            }
            return ProbeResult.failed(incumbent.target(), "building what the statement creates, with it renamed aside,", e);
        }
        CatalogSnapshot after = scope.take(connection);
        List<ObjectVerdict> verdicts = new ArrayList<>(List.of(new ObjectVerdict(incumbent.target().describe(), List.of(), List.of())));
        List<StatementPart> parts = new ArrayList<>();
        for (DbObject element : after.objects()) {
            if (element.key().kind() == ObjectKind.SCHEMA) {
                continue;
            }
            Optional<DbObject> found = before.find(element.key());
            if (found.isEmpty()) {
                parts.add(StatementPart.whole(element));
            } else {
                verdicts.add(comparison.pair(before, after, element.key()));
            }
        }
        return ProbeResult.compared(verdicts).withParts(collided, parts, scope);
    }

    /**
     * Moves the incumbents out of the candidate's way (a function's overloads are tried one by one, later)
     * and empties the tables a candidate column, constraint or index would otherwise be built over.
     */
    private static void putAside(Connection connection, IncumbentMover mover, String probeSchema, List<MovedIncumbent> probed)
            throws SQLException {
        if (probed.stream().anyMatch(m -> IncumbentMover.movesToProbeSchema(m.target().kind()))) {
            execute(connection, "CREATE SCHEMA " + IncumbentMover.q(probeSchema));
        }
        Set<String> emptied = new LinkedHashSet<>();
        // Constraints first: a column moves with the constraints on it alone, which may be among the statement's own targets.
        Comparator<MovedIncumbent> columnsLast = Comparator.comparing(m -> m.target().kind() == ObjectTarget.Kind.COLUMN);
        for (MovedIncumbent incumbent : probed.stream().sorted(columnsLast).toList()) {
            ObjectTarget.Kind kind = incumbent.target().kind();
            if (kind != ObjectTarget.Kind.FUNCTION) {
                mover.moveAside(incumbent);
            }
            boolean builtOverRows = kind == ObjectTarget.Kind.COLUMN || kind == ObjectTarget.Kind.CONSTRAINT || kind == ObjectTarget.Kind.INDEX;
            if (builtOverRows && emptied.add(incumbent.schema() + "." + incumbent.target().table())) {
                mover.emptyTable(incumbent.schema(), incumbent.target().table());
            }
        }
    }

    /** Which overload collided, or why none could be found; {@code moveError} when moving one failed. */
    private record OverloadTrial(String overload, SQLException candidateError, SQLException moveError) {
    }

    /**
     * Moves one overload at a time and builds the candidate: the overload the statement collided with is
     * the one whose absence lets it build. The others stay in place, for a candidate whose body calls them.
     * A try that collides again, or fails otherwise (a BEGIN ATOMIC body is resolved before the
     * collision is seen), is rolled back and the next overload tried.
     */
    private static OverloadTrial buildBesideOverload(Connection connection, String sql, IncumbentMover mover, MovedIncumbent function)
            throws SQLException {
        SQLException firstFailure = null;
        for (String[] overload : mover.overloads(function)) {
            execute(connection, "SAVEPOINT sg_overload");
            try {
                mover.moveRoutine(overload[0]);
            } catch (SQLException e) {
                if (ConnectionLoss.is(e)) {
                    throw e;
                }
                return new OverloadTrial(null, null, e);
            }
            SQLException failure = run(connection, sql);
            if (failure == null) {
                execute(connection, "RELEASE SAVEPOINT sg_overload");
                return new OverloadTrial(overload[1], null, null);
            }
            if (ConnectionLoss.is(failure)) {
                throw failure;
            }
            execute(connection, "ROLLBACK TO SAVEPOINT sg_overload");
            if (firstFailure == null || DuplicateObject.is(firstFailure) && !DuplicateObject.is(failure)) {
                firstFailure = failure;
            }
        }
        return new OverloadTrial(null, firstFailure, null);
    }

    private static SQLException run(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    // Only the catalog facts the comparison of this kind reads: a probe runs for every colliding statement.
    private static Set<FactSet> factSetsFor(ObjectTarget.Kind kind) {
        return switch (kind) {
            case TABLE -> EnumSet.of(FactSet.RELATIONS, FactSet.COLUMNS, FactSet.CONSTRAINTS);
            case VIEW, MATERIALIZED_VIEW, SEQUENCE -> EnumSet.of(FactSet.RELATIONS);
            case INDEX -> EnumSet.of(FactSet.INDEXES);
            // the table's other facets too: what else the statement adds to it is a part to build (see CandidateComparison.parts);
            // RELATIONS also holds the sequence of a serial column
            case COLUMN, CONSTRAINT -> EnumSet.of(FactSet.RELATIONS, FactSet.COLUMNS, FactSet.CONSTRAINTS);
            case TRIGGER -> EnumSet.of(FactSet.TRIGGERS);
            case POLICY -> EnumSet.of(FactSet.POLICIES);
            case FUNCTION -> EnumSet.of(FactSet.FUNCTIONS);
            case TYPE, DOMAIN -> EnumSet.of(FactSet.TYPES);
            case SCHEMA, EXTENSION -> EnumSet.of(FactSet.SCHEMAS);
        };
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
