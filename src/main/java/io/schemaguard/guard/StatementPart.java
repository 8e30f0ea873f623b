package io.schemaguard.guard;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.Difference;
import io.schemaguard.catalog.ObjectDiff;
import io.schemaguard.catalog.ObjectKey;

import java.util.List;
import java.util.Optional;

/**
 * Something a statement builds beside the object it collided with, as its candidate showed it and
 * the database does not hold yet: a facet of a table ({@code column b}, {@code constraint t_x_fkey})
 * or a whole object (a serial column's sequence, a table of CREATE SCHEMA … CREATE TABLE …).
 *
 * @param subject  the table's facet; null for a whole object
 * @param expected the facet as the candidate has it (for a whole object: its definition, or "built")
 * @param found    the facet as the database held it before the statement; null when it had none
 * @param object   the whole object as the candidate has it (null for a facet)
 */
record StatementPart(ObjectKey key, String subject, String expected, String found, DbObject object) {

    static StatementPart facet(ObjectKey table, String subject, String expected, String found) {
        return new StatementPart(table, subject, expected, found, null);
    }

    static StatementPart whole(DbObject object) {
        return new StatementPart(object.key(), null, object.facets().getOrDefault("definition", "built"), null, object);
    }

    /** The part as a difference from what the database held before: expected, found. */
    Difference beforeBuilding() {
        return new Difference(subject == null ? key.describe() : subject, expected, found == null ? Difference.MISSING : found);
    }

    /** e.g. {@code column b on public.t}, {@code sequence public.t_b_seq}. */
    String describe() {
        return subject == null ? key.describe() : subject + " on " + key.schema() + "." + key.name();
    }

    /** How {@code live} falls short of this part; empty when it holds the part as the candidate built it. */
    List<Difference> shortfall(CatalogSnapshot live, CompareMode mode) {
        Optional<DbObject> found = live.find(key);
        if (subject != null) {
            String value = found.map(o -> o.facets().get(subject)).orElse(null);
            return expected.equals(value) ? List.of() : List.of(new Difference(subject, expected, value == null ? Difference.MISSING : value));
        }
        if (found.isEmpty()) {
            return List.of(new Difference(key.describe(), expected, Difference.MISSING));
        }
        return ObjectDiff.compare(object, found.get(), mode).differences();
    }
}
