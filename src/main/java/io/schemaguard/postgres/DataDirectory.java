package io.schemaguard.postgres;

import io.schemaguard.output.SchemaFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory an embedded server lives in: the plugin's marker, the cluster ({@code PGDATA})
 * and the server's log. The marker is written before anything else, so a directory is deleted
 * only when it carries it (or is empty): whatever else is there is the user's.
 */
public record DataDirectory(Path root) {
    static final String MARKER = "schema-maven-plugin.marker";
    private static final int ENTRIES_SHOWN = 5;

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** The cluster itself: initdb's directory. */
    public Path cluster() {
        return root.resolve("pgdata");
    }

    /** Where initdb and the server write their output; inside, so that it never lands on a file of the user's. */
    public Path serverLog() {
        return root.resolve("server.log");
    }

    Path marker() {
        return root.resolve(MARKER);
    }

    /** Whether the plugin made this directory (its marker is there). */
    public boolean isOurs() {
        return Files.isRegularFile(marker());
    }

    /**
     * Makes the directory the plugin's, for a new cluster: a leftover of a killed build is stopped
     * and cleared, an absent or empty directory is created and marked; anything else is refused.
     */
    void claim() throws IOException {
        LeftoverCluster.removeAt(root);
        Files.createDirectories(root);
        Files.writeString(marker(), "Created by schema-maven-plugin (schema:start) for an embedded PostgreSQL;"
                + " deleted with its server. A directory without this file is never deleted by the plugin.\n", StandardCharsets.UTF_8);
    }

    /** Refuses a directory that holds something the plugin did not create; true if it is the plugin's (and not empty). */
    public boolean requireOursOrEmpty() {
        if (!Files.exists(root)) {
            return false;
        }
        if (!Files.isDirectory(root)) {
            throw new SchemaFailure("The data directory " + root + " is a file, not a directory: schema:start neither uses nor deletes it."
                    + " Point dataDirectory (-Dschema.dataDirectory) at a directory that does not exist or is empty. Nothing was deleted.");
        }
        if (isOurs()) {
            return true;
        }
        List<String> entries = entries();
        if (entries.isEmpty()) {
            return false;
        }
        throw new SchemaFailure("The data directory " + root + " holds files that schema:start did not create ("
                + String.join(", ", entries.subList(0, Math.min(ENTRIES_SHOWN, entries.size())))
                + (entries.size() > ENTRIES_SHOWN ? ", … " + entries.size() + " entries" : "") + ") and no " + MARKER
                + ", so it is neither used nor deleted. Point dataDirectory (-Dschema.dataDirectory) at a directory that does not exist"
                + " or is empty (default: target/schema-postgres), or move those files away. Nothing was deleted.");
    }

    private List<String> entries() {
        try (Stream<Path> children = Files.list(root)) {
            return children.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        } catch (IOException e) {
            throw new SchemaFailure("Cannot read the data directory " + root + ": " + e.getMessage() + ". Nothing was deleted.");
        }
    }
}
