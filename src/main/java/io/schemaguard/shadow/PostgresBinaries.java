package io.schemaguard.shadow;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;

/** Finds the embedded PostgreSQL binaries of a major version (the Maven layer resolves them from the repository). */
@FunctionalInterface
public interface PostgresBinaries {
    PgBinaryResolver forMajor(String major) throws IOException;
}
