package io.schemaguard.maven;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The project's output directories and compile and runtime dependencies, as flyway-maven-plugin gives them
 * to Flyway: where Java migrations, Java callbacks and {@code classpath:} locations are found. The plugin's
 * own classes come first (parent first), so Flyway's API is one and the same for Flyway and the project's
 * migrations. Also the thread's context class loader while open, as the project's code sees it under Flyway's plugin.
 */
final class ProjectClasses implements AutoCloseable {
    private final URLClassLoader loader;
    private final ClassLoader previousContext;

    private ProjectClasses(URLClassLoader loader) {
        this.loader = loader;
        this.previousContext = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
    }

    /**
     * Opens the project's class path; the goal must declare {@code requiresDependencyResolution = COMPILE_PLUS_RUNTIME}:
     * test-scoped dependencies are never on it, so goals do not resolve them (a standalone goal would otherwise read their POMs).
     */
    static ProjectClasses open(MavenProject project, ClassLoader plugin) throws MojoExecutionException {
        Set<String> elements = new LinkedHashSet<>();
        try {
            elements.addAll(project.getCompileClasspathElements());
            elements.addAll(project.getRuntimeClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The project's dependencies are not resolved: " + e.getMessage(), e);
        }
        List<URL> urls = new ArrayList<>();
        for (String element : elements) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("Cannot read the class path element " + element + ": " + e.getMessage(), e);
            }
        }
        return new ProjectClasses(new URLClassLoader("project classes of " + project.getId(), urls.toArray(URL[]::new), plugin));
    }

    ClassLoader loader() {
        return loader;
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(previousContext);
        try {
            loader.close();
        } catch (IOException ignored) {
            // a jar that cannot be closed stays open until the build ends: nothing is lost
        }
    }
}
