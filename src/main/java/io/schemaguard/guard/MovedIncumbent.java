package io.schemaguard.guard;

/**
 * An existing object that collided with a statement, located in the catalog so it can be
 * snapshotted and then put out of the way for the statement's candidate.
 *
 * @param schema    the schema the object (or its table) lives in
 * @param foundKind what the incumbent really is, when it differs from what the statement creates (else null)
 */
record MovedIncumbent(ObjectTarget target, String schema, String foundKind) {

    boolean kindDiffers() {
        return foundKind != null;
    }
}
