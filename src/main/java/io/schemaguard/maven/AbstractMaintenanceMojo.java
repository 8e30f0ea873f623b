package io.schemaguard.maven;

import org.apache.maven.plugins.annotations.Parameter;

/**
 * Flyway's maintenance goals, repair and clean: each runs in one transaction under Flyway's lock, records what it changed
 * in the audit table, and with {@code dryRun} prints what it would change and changes nothing.
 */
abstract class AbstractMaintenanceMojo extends AbstractMigrationMojo {

    /**
     * Print what would change, change nothing: repair only reads the history; clean's drops run inside a transaction that
     * is rolled back.
     */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    protected final boolean dryRun() {
        return dryRun;
    }
}
