package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@code classpath:} location, checked before Flyway scans it: it is read from the project's output
 * directories and dependencies, which hold it only once the build has copied the resources and compiled
 * the classes — Flyway's own "Unable to resolve location" does not say so.
 */
record ClasspathLocation(String location, String path) {
    static final String PREFIX = "classpath:";

    static ClasspathLocation of(String location) {
        String path = location.substring(PREFIX.length()).replace('.', '/');
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return new ClasspathLocation(location, path);
    }

    void check(ClassLoader classes) {
        try {
            if (classes.getResources(path).hasMoreElements()) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration location " + location + ": " + e.getMessage(), e);
        }
        throw new SchemaFailure("Migration location " + location + " is not on the project's class path (its output directories"
                + " and dependencies). Resources reach target/classes in process-resources and Java migrations in compile: run the"
                + " goal after them (mvn compile schema:upgrade), or point <locations> at the directory itself"
                + " (filesystem:src/main/resources/" + path + "). Nothing was changed.");
    }
}
