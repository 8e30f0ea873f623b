package io.schemaguard.shadow;

import io.schemaguard.output.Log;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.postgres.LeftoverCluster;
import io.schemaguard.settings.ConnectionSettings;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL for one replay, in a folder {@code schema-shadow-*} of the temporary
 * directory. The folder holds a file naming its owner, the JVM (pid and start instant) that made
 * it, written before the server starts. A build killed mid-replay leaves the folder and a running
 * postmaster; a later run stops that postmaster (by the PID in {@code postmaster.pid}) and deletes
 * the folder once the owner is gone. A folder without the file, or whose owner runs, is never touched;
 * a leftover is first claimed by an atomic rename, so two runs never remove one together.
 */
final class EmbeddedShadow {
    static final String FOLDER_PREFIX = "schema-shadow-";
    static final String OWNER_FILE = "schema-shadow-owner.properties";
    private static final Map<String, String> FAST_AND_THROWAWAY = Map.of("fsync", "off", "full_page_writes", "off");

    private final Log log;
    private final Path temporaryDirectory;

    EmbeddedShadow(Log log, Path temporaryDirectory) {
        this.log = log;
        this.temporaryDirectory = temporaryDirectory;
    }

    ShadowDatabase start(String major, PgBinaryResolver binaries) throws IOException {
        Path folder = Files.createTempDirectory(temporaryDirectory, FOLDER_PREFIX);
        writeOwner(folder);
        Path data = folder.resolve("data");
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(new EmbeddedServerSettings(data, null, null, null, true, List.of(), FAST_AND_THROWAWAY), binaries,
                    log.isDebugEnabled());
        } catch (IOException | RuntimeException e) {
            deleteFolder(folder);
            throw e;
        }
        ConnectionSettings shadow = new ConnectionSettings(server.jdbcUrl(), EmbeddedServerSettings.SUPERUSER, null);
        return new ShadowDatabase(shadow, "an embedded PostgreSQL " + major + " (the target's user may not create databases)", () -> {
            server.close();
            deleteFolder(folder);
        });
    }

    /** Stops and deletes every embedded shadow in the temporary directory whose owning JVM is gone. */
    void removeLeftovers() {
        for (Path folder : shadowFolders()) {
            Optional<Owner> owner = owner(folder);
            if (owner.isEmpty() || owner.get().runs()) {
                continue;
            }
            Path claimed = folder.resolveSibling(FOLDER_PREFIX + "removing-" + UUID.randomUUID());
            try {
                Files.move(folder, claimed, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException | AtomicMoveNotSupportedException e) {
                continue;
            } catch (IOException e) {
                log.warn("Cannot remove the embedded shadow " + folder + " left by an earlier build: " + e.getMessage());
                continue;
            }
            try {
                LeftoverCluster.removeAt(claimed.resolve("data"));
                deleteFolder(claimed);
                log.info("Removed " + folder + ", an embedded shadow left by a build that ended before stopping it"
                        + " (its JVM, pid " + owner.get().pid() + ", is gone).");
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot remove the embedded shadow " + claimed + " left by an earlier build: " + e.getMessage());
            }
        }
    }

    private List<Path> shadowFolders() {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporaryDirectory, FOLDER_PREFIX + "*")) {
            entries.forEach(folders::add);
        } catch (IOException e) {
            log.debug("Cannot list " + temporaryDirectory + " for leftover embedded shadows: " + e.getMessage());
        }
        return folders;
    }

    private static void writeOwner(Path folder) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String start = self.info().startInstant().map(Instant::toString).orElse("");
        Files.writeString(folder.resolve(OWNER_FILE), "pid=" + self.pid() + "\nstart=" + start + "\n", StandardCharsets.UTF_8);
    }

    private static Optional<Owner> owner(Path folder) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(folder.resolve(OWNER_FILE), StandardCharsets.UTF_8)) {
            properties.load(in);
            return Optional.of(new Owner(Long.parseLong(properties.getProperty("pid", "").trim()), properties.getProperty("start", "").trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The JVM that made a folder. It runs while a process has its pid and, where the OS tells, its start instant. */
    private record Owner(long pid, String start) {
        boolean runs() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(process -> start.isEmpty() || process.info().startInstant().map(s -> s.toString().equals(start)).orElse(true))
                    .orElse(false);
        }
    }
}
