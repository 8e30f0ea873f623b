package io.schemaguard.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Freshly initdb'd clusters kept for reuse: a start copies one into its data directory instead of running
 * initdb (about a second of CPU, most of a short build's server start). A template is named after the
 * binaries it was made with and initdb's options, so other binaries or options never meet it. It is
 * copied aside right after initdb, before its server first starts, and published by an atomic rename:
 * a template that can be seen is complete and never written again, so concurrent starts copy it side by
 * side, and starts that both find none each keep their own copy (the second rename loses; its copy is deleted).
 */
public final class ClusterTemplates {
    // Bumped when what a template holds, or how it is used, changes: older templates are then left unused.
    private static final String FORMAT = "1";
    // zonky's lock file, held by the server that was just initialised: each copy's server takes its own
    private static final String SERVER_LOCK = "epg-lock";
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path root;
    private final Path template;

    /**
     * @param root     the directory the templates live in, created when first needed
     * @param binaries what identifies the PostgreSQL binaries (e.g. the binaries jar's path, size and time)
     */
    public ClusterTemplates(Path root, String binaries) {
        this.root = root.toAbsolutePath().normalize();
        this.template = this.root.resolve(name(binaries + "\n" + EmbeddedServer.INITDB_OPTIONS));
    }

    /**
     * The templates of the binaries in {@code binariesJar}: its path names the version and platform, its size and time
     * tell a replaced jar from the one a template was made with.
     */
    public static ClusterTemplates forBinariesJar(Path root, Path binariesJar) throws IOException {
        return new ClusterTemplates(root, binariesJar.toAbsolutePath() + " " + Files.size(binariesJar) + " "
                + Files.getLastModifiedTime(binariesJar).toMillis());
    }

    /** The template these binaries and initdb options use (it may not exist yet). */
    public Path template() {
        return template;
    }

    /**
     * Deletes the half-built copies of this template that a start killed while keeping it left behind: named by
     * {@link #keep}, an hour old or more (a copy takes about a second, so no running start's copy is that old).
     */
    void removeAbandonedCopies() {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant before = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(path -> path.getFileName().toString().startsWith(buildingPrefix()))
                    .filter(path -> modifiedBefore(path, before))
                    .forEach(ClusterTemplates::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            // left for a later start: a copy no start reads
        }
    }

    private static boolean modifiedBefore(Path path, Instant instant) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }

    private String buildingPrefix() {
        return template.getFileName() + ".building-";
    }

    /** Copies the template to {@code cluster} (which must not exist); false, and nothing left there, when there is none. */
    boolean copyTo(Path cluster) {
        if (!Files.isRegularFile(template.resolve("postgresql.conf"))) {
            return false;
        }
        try {
            copyTree(template, cluster);
            return true;
        } catch (IOException | RuntimeException e) {
            // e.g. the cache deleted meanwhile: initdb then makes the cluster as without a template
            EmbeddedServer.deleteRecursively(cluster);
            return false;
        }
    }

    /** Keeps a copy of a cluster initdb just made (its server not started yet), unless a template is there already. */
    void keep(Path initialisedCluster) {
        if (Files.exists(template)) {
            return;
        }
        Path building = root.resolve(buildingPrefix() + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            copyTree(initialisedCluster, building);
            Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // another start published first (its template serves), or none could be kept: a later start runs initdb again
            deleteQuietly(building);
        }
    }

    // Never fails the start it runs in: a copy left behind is a name no start reads.
    private static void deleteQuietly(Path directory) {
        try {
            EmbeddedServer.deleteRecursively(directory);
        } catch (RuntimeException ignored) {
            // left for whoever clears the cache
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.getFileName().toString().equals(SERVER_LOCK)) {
                    continue;
                }
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // PostgreSQL refuses a data directory others may read
        if (Files.getFileStore(to).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static String name(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((FORMAT + "\n" + identity).getBytes(StandardCharsets.UTF_8));
            return "initdb-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
