package io.schemaguard.flyway;

/** What the history table's schema holds while the history table does not exist. */
public enum HistorySchemaContent {
    /** Nothing: Flyway creates its history table and migrates. */
    EMPTY,
    /**
     * Only this plugin's audit table (with its sequence and index), as a clean leaves it: none of the user's objects, but
     * Flyway would count it as such and refuse to migrate the schema without a history table.
     */
    AUDIT_TABLE_ONLY,
    /** Relations, routines or types of the user's. */
    OBJECTS
}
