package io.schemaguard.guard;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;
import io.schemaguard.catalog.Identifier;
import io.schemaguard.catalog.ObjectDiff;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.catalog.ObjectKind;
import io.schemaguard.catalog.ReportedFact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares each incumbent, as the catalog described it before it was moved aside, with the
 * candidate the statement built under the same name — with the one comparator of the catalog model.
 */
final class CandidateComparison {
    private final CompareMode mode;

    CandidateComparison(CompareMode mode) {
        this.mode = mode;
    }

    List<ObjectVerdict> verdicts(CatalogSnapshot before, CatalogSnapshot after, List<MovedIncumbent> incumbents) {
        List<ObjectVerdict> verdicts = new ArrayList<>();
        for (MovedIncumbent incumbent : incumbents) {
            verdicts.add(verdict(before, after, incumbent));
        }
        return verdicts;
    }

    /**
     * What the statement builds on the tables it adds columns or constraints to, beyond the colliding
     * ones: the candidate table's facets the incumbent table lacks or holds otherwise, and the sequences
     * of its serial columns. Facets naming the probe's renamed incumbents are the probe's, not the statement's.
     */
    List<StatementPart> parts(CatalogSnapshot before, CatalogSnapshot after, List<MovedIncumbent> incumbents) {
        Map<ObjectKey, Set<String>> collidingByTable = new LinkedHashMap<>();
        for (MovedIncumbent m : incumbents) {
            ObjectTarget.Kind kind = m.target().kind();
            if (kind == ObjectTarget.Kind.COLUMN || kind == ObjectTarget.Kind.CONSTRAINT) {
                collidingByTable.computeIfAbsent(ObjectKey.of(ObjectKind.TABLE, m.schema(), m.target().table()), k -> new LinkedHashSet<>())
                        .add(kind.name().toLowerCase() + " " + Identifier.quote(m.target().name()));
            }
        }
        List<StatementPart> parts = new ArrayList<>();
        collidingByTable.forEach((tableKey, colliding) -> {
            Optional<DbObject> candidate = after.find(tableKey);
            Map<String, String> existing = before.find(tableKey).map(DbObject::facets).orElse(Map.of());
            candidate.ifPresent(table -> table.facets().forEach((subject, value) -> {
                if (!colliding.contains(subject) && !byProbe(subject) && !byProbe(value) && !value.equals(existing.get(subject))) {
                    parts.add(StatementPart.facet(tableKey, subject, value, existing.get(subject)));
                }
            }));
            String owner = " OWNED BY " + Identifier.quote(tableKey.schema()) + "." + Identifier.quote(tableKey.name()) + ".";
            for (DbObject sequence : after.objects()) {
                String definition = sequence.facets().get("definition");
                if (sequence.key().kind() == ObjectKind.SEQUENCE && definition != null && definition.contains(owner) && !byProbe(definition)
                        && !byProbe(sequence.key().name()) && before.find(sequence.key()).isEmpty()) {
                    parts.add(StatementPart.whole(sequence));
                }
            }
        });
        return parts;
    }

    private static boolean byProbe(String text) {
        return text.contains(IncumbentMover.PROBE_SUFFIX);
    }

    private ObjectVerdict verdict(CatalogSnapshot before, CatalogSnapshot after, MovedIncumbent m) {
        ObjectTarget target = m.target();
        return switch (target.kind()) {
            case TABLE -> table(before, after, ObjectKey.of(ObjectKind.TABLE, m.schema(), target.name()));
            case VIEW, MATERIALIZED_VIEW, SEQUENCE, TYPE, DOMAIN ->
                    pair(before, after, ObjectKey.of(ObjectKind.valueOf(target.kind().name()), m.schema(), target.name()));
            case INDEX -> pair(before, after, indexKey(before, m.schema(), target.name()));
            case TRIGGER -> pair(before, after, new ObjectKey(ObjectKind.TRIGGER, m.schema(), target.table(), target.name()));
            case POLICY -> pair(before, after, new ObjectKey(ObjectKind.POLICY, m.schema(), target.table(), target.name()));
            case FUNCTION -> function(before, after, m);
            case COLUMN -> facet(before, after, m, "column ");
            case CONSTRAINT -> facet(before, after, m, "constraint ");
            case SCHEMA, EXTENSION -> new ObjectVerdict(target.describe(), List.of(), List.of());
        };
    }

    ObjectVerdict pair(CatalogSnapshot before, CatalogSnapshot after, ObjectKey key) {
        Optional<DbObject> candidate = after.find(key);
        Optional<DbObject> incumbent = before.find(key);
        if (candidate.isEmpty() || incumbent.isEmpty()) {
            return new ObjectVerdict(key.describe(), List.of(line(key.describe(), candidate.isPresent() ? "built" : "(not built)",
                    incumbent.isPresent() ? "exists" : "(not found in the catalog)")), List.of());
        }
        ObjectDiff diff = ObjectDiff.compare(candidate.get(), incumbent.get(), mode);
        return new ObjectVerdict(key.describe(), DiffText.lines(diff.differences()), diff.notes(),
                diff.reported().stream().map(ReportedFact::line).toList());
    }

    // A serial column's sequence is built by CREATE TABLE: compared with its table, as stamp and verify compare it.
    private ObjectVerdict table(CatalogSnapshot before, CatalogSnapshot after, ObjectKey key) {
        Optional<DbObject> candidate = after.find(key);
        Optional<DbObject> incumbent = before.find(key);
        if (candidate.isEmpty() || incumbent.isEmpty()) {
            return pair(before, after, key);
        }
        ObjectDiff diff = ObjectDiff.compare(candidate.get(), incumbent.get(), mode);
        List<Difference> differences = new ArrayList<>(diff.differences());
        differences.addAll(ownedSequences(before, after, " OWNED BY " + Identifier.quote(key.schema()) + "." + Identifier.quote(key.name()) + "."));
        return new ObjectVerdict(key.describe(), DiffText.lines(differences), diff.notes(),
                diff.reported().stream().map(ReportedFact::line).toList());
    }

    // The sequences the candidate owns (their definitions end with OWNED BY table.column), each with the incumbent's of that name.
    // The owner is a table ("t.", any of its columns) or one column ("t.c", the definition's end).
    private static List<Difference> ownedSequences(CatalogSnapshot before, CatalogSnapshot after, String owner) {
        List<Difference> differences = new ArrayList<>();
        for (DbObject sequence : after.objects()) {
            String definition = sequence.facets().get("definition");
            if (sequence.key().kind() != ObjectKind.SEQUENCE || definition == null
                    || !(owner.endsWith(".") ? definition.contains(owner) : definition.endsWith(owner))) {
                continue;
            }
            String found = before.find(sequence.key()).map(s -> s.facets().get("definition")).orElse(Difference.MISSING);
            if (!definition.equals(found)) {
                differences.add(new Difference(sequence.key().describe(), definition, found));
            }
        }
        return differences;
    }

    // The probe found which overload collided; without it (never expected), the candidate's signature tells.
    private ObjectVerdict function(CatalogSnapshot before, CatalogSnapshot after, MovedIncumbent m) {
        if (m.overload() != null) {
            return pair(before, after, ObjectKey.of(ObjectKind.FUNCTION, m.schema(), m.overload()));
        }
        String prefix = m.target().name() + "(";
        for (DbObject candidate : after.objects()) {
            ObjectKey key = candidate.key();
            if (key.kind() == ObjectKind.FUNCTION && key.schema().equals(m.schema()) && key.name().startsWith(prefix)) {
                return pair(before, after, key);
            }
        }
        return new ObjectVerdict(m.target().describe(), List.of(line("function " + m.target().name(), "(not built)", "exists")), List.of());
    }

    private ObjectVerdict facet(CatalogSnapshot before, CatalogSnapshot after, MovedIncumbent m, String subjectPrefix) {
        ObjectTarget target = m.target();
        ObjectKey tableKey = ObjectKey.of(ObjectKind.TABLE, m.schema(), target.table());
        String object = target.kind().name().toLowerCase() + " " + target.name() + " on " + m.schema() + "." + target.table();
        String subject = subjectPrefix + Identifier.quote(target.name());
        String expected = after.find(tableKey).map(t -> t.facets().get(subject)).orElse(null);
        String found = before.find(tableKey).map(t -> t.facets().get(subject)).orElse(null);
        if (expected == null) {
            return new ObjectVerdict(object, List.of(line(subject, "(not built)", found == null ? Difference.MISSING : found)), List.of());
        }
        List<Difference> differences = new ArrayList<>(ObjectDiff.compareFacet(tableKey, subject, expected, found).differences());
        if (target.kind() == ObjectTarget.Kind.COLUMN) { // a serial column's sequence
            differences.addAll(ownedSequences(before, after, " OWNED BY " + Identifier.quote(m.schema()) + "." + Identifier.quote(target.table())
                    + "." + Identifier.quote(target.name())));
        }
        return new ObjectVerdict(object, DiffText.lines(differences), List.of());
    }

    private static ObjectKey indexKey(CatalogSnapshot snapshot, String schema, String name) {
        return snapshot.objects().stream().map(DbObject::key)
                .filter(k -> k.kind() == ObjectKind.INDEX && k.schema().equals(schema) && k.name().equals(name))
                .findFirst().orElse(new ObjectKey(ObjectKind.INDEX, schema, null, name));
    }

    static String line(String subject, String expected, String found) {
        return DiffText.lines(List.of(new Difference(subject, expected, found))).get(0);
    }
}
