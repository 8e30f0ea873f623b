package io.schemaguard.maven;

import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.LockSettings;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters of the goals that change the database: the guard, the dry run, and how statements wait for locks. */
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

    /**
     * How long a migration statement waits for a lock held by another session before it gives up
     * (PostgreSQL's {@code lock_timeout} for the migration's connections), as PostgreSQL writes a
     * duration: {@code 10s}, {@code 500ms}, {@code 2min} (a bare number is milliseconds). Default: no
     * limit, the statement waits as long as the lock is held; either way, every 10 seconds of waiting
     * the build prints which session holds the lock (pid, user, application, since when, query).
     * A statement that gives up rolls its migration back (see {@code lockRetries}).
     */
    @Parameter(property = "schema.lockTimeout")
    private String lockTimeout;

    /**
     * How many times a migration whose statement gave up waiting for a lock ({@code lockTimeout}) is
     * rolled back and run again, after a pause of a few seconds. Then the build fails naming the
     * session that held the lock. Default 0: fail at the first lock timeout.
     */
    @Parameter(property = "schema.lockRetries", defaultValue = "0")
    private int lockRetries;

    @Override
    protected final LockSettings lockSettings() {
        return LockSettings.of(lockTimeout, lockRetries);
    }

    @Override
    protected final GuardMode guardMode() {
        return GuardMode.parse(guard);
    }

    @Override
    protected final boolean dryRunMode() {
        return dryRun;
    }
}
