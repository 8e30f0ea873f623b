package io.schemaguard.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops the server when the JVM exits without {@code schema:stop} (a failed build). Maven has
 * closed the plugin's class loader by then, so this uses JDK classes only and is loaded at start.
 * It deletes the cluster only: the marker and the server's log stay for the next start to clear.
 */
final class StopAtExit extends Thread {
    private final Path cluster;

    StopAtExit(Path cluster) {
        super("schema-postgres-stop-at-exit");
        this.cluster = cluster;
    }

    @Override
    public void run() {
        Optional<ProcessHandle> postmaster = Optional.empty();
        try {
            List<String> lines = Files.readAllLines(cluster.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
            }
        } catch (IOException | RuntimeException e) {
            // no pid file: nothing runs
        }
        if (postmaster.isPresent()) {
            ProcessHandle process = postmaster.get();
            process.destroy();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        deleteTree(cluster.toFile());
    }

    private static void deleteTree(java.io.File file) {
        java.io.File[] children = file.listFiles();
        if (children != null) {
            for (java.io.File child : children) {
                deleteTree(child);
            }
        }
        file.delete();
    }
}
