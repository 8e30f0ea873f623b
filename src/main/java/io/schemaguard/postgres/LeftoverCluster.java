package io.schemaguard.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A data directory left behind by a build that was killed before {@code schema:stop}: its
 * postmaster may still run. It is stopped by the PID in {@code postmaster.pid} (the process
 * handle of the embedded server is {@code pg_ctl}, long gone), then the directory is deleted —
 * only when it carries the plugin's marker (see {@link DataDirectory}).
 */
public final class LeftoverCluster {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private LeftoverCluster() {
    }

    /**
     * Stops whatever server still runs from the plugin's directory {@code root} and deletes it; true
     * if anything was there. An empty directory is left as it is; one with anything but the
     * plugin's marker is refused with a {@link io.schemaguard.output.SchemaFailure}.
     */
    public static boolean removeAt(Path root) {
        DataDirectory directory = new DataDirectory(root);
        if (!directory.requireOursOrEmpty()) {
            return false;
        }
        postmasterPid(directory.cluster()).flatMap(ProcessHandle::of).filter(LeftoverCluster::isPostgres)
                .ifPresent(LeftoverCluster::stop);
        EmbeddedServer.deleteRecursively(directory.root());
        return true;
    }

    static Optional<Long> postmasterPid(Path cluster) {
        Path pidFile = cluster.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }

    // SIGTERM is PostgreSQL's "smart" shutdown, which would wait for clients; give it a grace period, then kill.
    private static void stop(ProcessHandle postmaster) {
        postmaster.destroy();
        try {
            postmaster.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            postmaster.destroyForcibly();
            try {
                postmaster.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the directory is deleted anyway; a process that survives SIGKILL is the OS's business
            }
        }
    }
}
