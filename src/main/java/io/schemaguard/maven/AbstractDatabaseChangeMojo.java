package io.schemaguard.maven;

import io.schemaguard.settings.GuardMode;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters of the goals that change the database: the guard, and the dry run. */
abstract class AbstractDatabaseChangeMojo extends AbstractMigrationMojo {

    /**
     * {@code verify} (default): in an upgrade, a statement whose object already exists is compared
     * with what it builds (identical is skipped, different fails the build); in a downgrade, an undo
     * statement whose object is already gone is skipped. {@code off}: such statements fail, as in
     * plain Flyway.
     */
    @Parameter(property = "schema.guard", defaultValue = "verify")
    private String guard;

    /** Do everything inside a transaction that is rolled back, and print what would happen. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected final GuardMode guardMode() {
        return GuardMode.parse(guard);
    }

    @Override
    protected final boolean dryRunMode() {
        return dryRun;
    }
}
