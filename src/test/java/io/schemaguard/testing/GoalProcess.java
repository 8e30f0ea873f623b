package io.schemaguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path output = workDir.resolve(goal + "-" + System.nanoTime() + ".log");
        Files.createDirectories(workDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classpath(), GoalMain.class.getName(), goal, db.url(),
                db.user(), migrations.dir().toAbsolutePath().toString()))
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

    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }
}
