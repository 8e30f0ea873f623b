package io.schemaguard.catalog;

import java.util.List;

/** The differences of one table (with its indexes and triggers), or of one object outside any table. */
public record DiffGroup(String title, List<Difference> differences) {
    public DiffGroup {
        differences = List.copyOf(differences);
    }
}
