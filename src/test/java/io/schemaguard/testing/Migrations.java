package io.schemaguard.testing;

import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A folder of migration files written by a test, and the settings that point a goal at it. */
public final class Migrations {
    private final Path dir;

    public Migrations(Path dir) {
        this.dir = dir;
    }

    public Migrations file(String name, String sql) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path dir() {
        return dir;
    }

    public MigrationSettings settings(TestDatabase db) {
        return settings(new ConnectionSettings(db.url(), db.user(), db.password()), null, GuardMode.VERIFY);
    }

    public MigrationSettings settings(TestDatabase db, String target, GuardMode guard) {
        return settings(new ConnectionSettings(db.url(), db.user(), db.password()), target, guard);
    }

    public MigrationSettings dryRunSettings(TestDatabase db) {
        return new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), List.of(), null,
                List.of("filesystem:" + dir.toAbsolutePath()), null, Map.of(), null, GuardMode.VERIFY, true);
    }

    public MigrationSettings settings(ConnectionSettings connection, String target, GuardMode guard) {
        return new MigrationSettings(connection, List.of(), null, List.of("filesystem:" + dir.toAbsolutePath()),
                null, Map.of(), target, guard, false);
    }
}
