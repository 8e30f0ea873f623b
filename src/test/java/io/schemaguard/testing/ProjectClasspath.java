package io.schemaguard.testing;

import org.flywaydb.core.api.migration.JavaMigration;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's output directory written by a test: Java sources compiled there against Flyway's API, and
 * resources (SQL migrations under a package) copied beside them — classes the test's own class path lacks,
 * so only a goal given this class loader finds them.
 */
public final class ProjectClasspath {
    private final Path src;
    private final Path classes;

    public ProjectClasspath(Path dir) {
        this.src = dir.resolve("src");
        this.classes = dir.resolve("classes");
    }

    /** A Java source, by its class's fully qualified name. */
    public ProjectClasspath java(String className, String source) {
        write(src.resolve(className.replace('.', '/') + ".java"), source);
        return this;
    }

    /** A resource of the output directory, e.g. {@code db/migration/V1__x.sql}. */
    public ProjectClasspath resource(String path, String content) {
        write(classes.resolve(path), content);
        return this;
    }

    /** Compiles the sources and opens a class loader over the output directory (the test closes it). */
    public URLClassLoader compile() {
        try (var files = Files.walk(src)) {
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", flywayJar(), "-proc:none"));
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> arguments.add(f.toString()));
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (compiler.run(null, null, errors, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("The test's Java sources do not compile:\n" + errors);
            }
            return new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String flywayJar() {
        try {
            return Path.of(JavaMigration.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
