package io.schemaguard.reliability;

import io.schemaguard.output.SchemaFailure;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.postgres.LeftoverCluster;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * schema:start's data directory: the plugin deletes only a directory it created (its marker is
 * there) or an empty one, and leaves nothing behind in the build directory after a clean stop.
 */
class DataDirectoryTest {
    @TempDir
    Path dir;

    private static EmbeddedServer start(Path dataDirectory, Map<String, String> config) throws IOException {
        return EmbeddedServer.start(new EmbeddedServerSettings(dataDirectory, null, null, null, true, List.of(), config),
                DefaultPostgresBinaryResolver.INSTANCE);
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.map(p -> directory.relativize(p).toString()).sorted().toList();
        }
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aDirectoryHoldingTheUsersFilesIsRefusedAndKept() throws Exception {
        Path keep = dir.resolve("keep");
        Files.createDirectories(keep.resolve("photos"));
        Files.writeString(keep.resolve("notes.txt"), "mine");
        Files.writeString(keep.resolve("photos").resolve("cat.jpg"), "meow");
        List<String> before = listing(keep);

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> start(keep, Map.of()).close());

        assertContains(refused.getMessage(), keep.toString(), "notes.txt", "photos/", "did not create", "dataDirectory",
                "does not exist or is empty", "Nothing was deleted");
        assertEquals(before, listing(keep), "the user's files are all there, nothing added");
        assertEquals("mine", Files.readString(keep.resolve("notes.txt")));
        assertEquals(List.of("keep"), Files.list(dir).map(p -> p.getFileName().toString()).toList(), "nothing written beside it");
    }

    @Test
    void aFileInsteadOfADirectoryIsRefusedAndKept() throws Exception {
        Path file = dir.resolve("data");
        Files.writeString(file, "not a directory");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> start(file, Map.of()).close());

        assertContains(refused.getMessage(), file.toString(), "is a file", "Nothing was deleted");
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void stopLeavesADirectoryItDidNotCreate() throws Exception {
        Path keep = dir.resolve("keep");
        Files.createDirectories(keep);
        Files.writeString(keep.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> LeftoverCluster.removeAt(keep));

        assertContains(refused.getMessage(), "postmaster.pid", "Nothing was deleted");
        assertTrue(Files.exists(keep.resolve("postmaster.pid")));
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void anEmptyDirectoryIsUsedAndACleanStopLeavesNothingBehindNotEvenTheServerLog() throws Exception {
        Path data = dir.resolve("schema-postgres");
        Files.createDirectories(data);

        EmbeddedServer server = start(data, Map.of());
        try (Connection c = server.superuserConnection("postgres")) {
            assertTrue(c.isValid(2));
        } finally {
            server.close();
        }

        assertEquals(List.of(), Files.list(dir).toList(), "data directory and server log gone after a clean stop");
    }

    @Test
    void aFailedStartKeepsTheLogItPointsAtAndTheNextStartClearsIt() throws Exception {
        Path data = dir.resolve("schema-postgres");

        IOException failed = assertThrows(IOException.class, () -> start(data, Map.of("shared_buffers", "not-a-size")).close());

        String log = failed.getMessage().replaceFirst("(?s).*\\(server output: ([^)]*)\\).*", "$1");
        assertTrue(Files.isRegularFile(Path.of(log)), "the log the message names is there: " + failed.getMessage());
        assertTrue(Files.readString(Path.of(log)).contains("shared_buffers"), "and tells why");

        EmbeddedServer next = start(data, Map.of());
        try (Connection c = next.superuserConnection("postgres")) {
            assertTrue(c.isValid(2), "the next start cleared the failed one's directory (it carries the plugin's marker)");
            assertFalse(Files.readString(Path.of(log)).contains("not-a-size"), "the old log went with it");
        } finally {
            next.close();
        }
        assertEquals(List.of(), Files.list(dir).toList());
    }
}
