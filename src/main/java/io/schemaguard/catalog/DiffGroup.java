package io.schemaguard.catalog;

import java.util.List;

/** The differences of one object: a table with its columns and constraints, an index, a trigger, a policy, a view… */
public record DiffGroup(String title, List<Difference> differences) {
    public DiffGroup {
        differences = List.copyOf(differences);
    }
}
