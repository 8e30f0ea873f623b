package io.schemaguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * One {@code mvn} process as a user runs it, timed two ways: wall time, and the CPU time (user + system) of the Maven
 * JVM, read by {@code /usr/bin/time} where the machine has it. On a shared machine the CPU time moves far less with
 * the neighbours' load than the wall time; it leaves out the server's work, which both goals of a comparison make.
 */
record MavenRun(long wallMillis, long cpuMillis) {
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final long TIMEOUT_MINUTES = 10;

    /** Runs {@code mvn -B -q [-o] -Dmaven.repo.local=repository arguments…} in project, its output to log. */
    static MavenRun of(Path project, Path repository, boolean offline, Path log, List<String> arguments) throws IOException, InterruptedException {
        Path cpu = Files.createTempFile("mvn-cpu-", ".txt");
        try {
            List<String> command = new ArrayList<>();
            boolean timed = Files.isExecutable(TIME);
            if (timed) {
                command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpu.toString()));
            }
            command.addAll(List.of("mvn", "-B", "-q", "-Dmaven.repo.local=" + repository));
            if (offline) {
                command.add("-o");
            }
            command.addAll(arguments);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("mvn " + String.join(" ", arguments) + " did not end within " + TIMEOUT_MINUTES
                        + " minutes: see " + log);
            }
            long wall = (System.nanoTime() - start) / 1_000_000;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("mvn " + String.join(" ", arguments) + " failed: see " + log);
            }
            return new MavenRun(wall, timed ? cpuMillis(cpu) : -1);
        } finally {
            Files.deleteIfExists(cpu);
        }
    }

    // /usr/bin/time writes "user system" in seconds as its last line (after any "Command exited…" line)
    private static long cpuMillis(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] seconds = lines.get(lines.size() - 1).trim().split("\\s+");
        return Math.round((Double.parseDouble(seconds[0]) + Double.parseDouble(seconds[1])) * 1000);
    }

    static long median(List<MavenRun> runs, ToLongFunction<MavenRun> measure) {
        return runs.stream().mapToLong(measure).sorted().toArray()[runs.size() / 2];
    }

    /** The median of the runs' ratios of measured to reference: run i of each was made in the same round, one after the other. */
    static double ratio(List<MavenRun> measured, List<MavenRun> reference, ToLongFunction<MavenRun> measure) {
        return IntStream.range(0, measured.size()).mapToDouble(i -> (double) measure.applyAsLong(measured.get(i)) / measure.applyAsLong(reference.get(i)))
                .sorted().toArray()[measured.size() / 2];
    }

    static String cpu(List<MavenRun> runs) {
        long median = median(runs, MavenRun::cpuMillis);
        return median < 0 ? "n/a" : String.format("%.2f s", median / 1000.0);
    }

    static String cpuRatio(List<MavenRun> measured, List<MavenRun> reference) {
        return measured.get(0).cpuMillis() < 0 ? "n/a" : String.format("%.2f", ratio(measured, reference, MavenRun::cpuMillis));
    }
}
