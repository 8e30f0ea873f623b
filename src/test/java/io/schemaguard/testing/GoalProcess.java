package io.schemaguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A goal running in a child JVM ({@link GoalMain}) on the test's classpath, which the test can kill like a crashed build. */
public final class GoalProcess {
    private final Process process;
    private final Path output;

    private GoalProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static GoalProcess start(String goal, TestDatabase db, Migrations migrations, Path workDir) throws IOException {
        return start(goal, db.user(), db, migrations, workDir, List.of());
    }

    /** As {@code user}, with extra JVM options (e.g. {@code -Djava.io.tmpdir=…} for a goal that makes an embedded shadow). */
    public static GoalProcess start(String goal, String user, TestDatabase db, Migrations migrations, Path workDir, List<String> jvmOptions)
            throws IOException {
        Path output = workDir.resolve(goal + "-" + System.nanoTime() + ".log");
        Files.createDirectories(workDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a short run, as a build's: full JIT compilation and parallel GC threads would cost more CPU than they save
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath()));
        command.addAll(jvmOptions);
        command.addAll(List.of(GoalMain.class.getName(), goal, db.url(), user, migrations.dir().toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        return new GoalProcess(builder.start(), output);
    }

    // Surefire runs the tests from a manifest-only jar and publishes the real class path under this name.
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** SIGKILL, as a crashed or killed build: no shutdown hook, no rollback, no lock release by the client. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean running() {
        return process.isAlive();
    }

    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }
}
