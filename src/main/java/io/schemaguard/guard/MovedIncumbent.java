package io.schemaguard.guard;

/**
 * An existing object that collided with a statement, located in the catalog so it can be
 * snapshotted and then put out of the way for the statement's candidate.
 *
 * @param schema    the schema the object (or its table) lives in
 * @param foundKind what the incumbent really is, when it differs from what the statement creates (else null)
 * @param overload  for a function, the overload the candidate collided with, as the catalog names it
 *                  ({@code name(argument types)}); null until the probe has found it, and for other kinds
 */
record MovedIncumbent(ObjectTarget target, String schema, String foundKind, String overload) {

    MovedIncumbent(ObjectTarget target, String schema, String foundKind) {
        this(target, schema, foundKind, null);
    }

    boolean kindDiffers() {
        return foundKind != null;
    }

    MovedIncumbent withOverload(String overload) {
        return new MovedIncumbent(target, schema, foundKind, overload);
    }
}
