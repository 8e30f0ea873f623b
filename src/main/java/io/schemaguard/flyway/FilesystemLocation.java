package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * A {@code filesystem:} location, checked before Flyway scans it: Flyway follows a symbolic link
 * that points back up the tree until the system refuses the path, finding every migration under
 * it many times over, and reports that as a duplicate version.
 */
record FilesystemLocation(String location, Path directory) {
    static final String PREFIX = "filesystem:";

    static FilesystemLocation of(String location) {
        return new FilesystemLocation(location, Path.of(location.substring(PREFIX.length())));
    }

    void check() {
        if (!Files.isDirectory(directory)) {
            throw new SchemaFailure("Migration location " + location + " does not exist (or is not a directory)."
                    + " Create it, or point <locations> at the directory that holds your V<version>__<description>.sql files.");
        }
        try {
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        throw new SchemaFailure("Migration location " + location + " holds a symbolic link loop: " + file + " leads back to "
                                + target(file) + ", a directory that contains it. Remove the link (or point it outside the location);"
                                + " Flyway would find every migration under it again and again. Nothing was changed.");
                    }
                    return FileVisitResult.CONTINUE; // unreadable entries: Flyway skips them too
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration location " + location + ": " + e.getMessage(), e);
        }
    }

    private static Path target(Path link) {
        try {
            return link.toRealPath();
        } catch (IOException e) {
            return link;
        }
    }
}
