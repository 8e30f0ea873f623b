package io.schemaguard.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Flyway's name for undoing the newest migration: {@code schema:downgrade} by one step (or to {@code target}, or by
 * {@code steps}), with its undo script {@code U<version>__<description>.sql}.
 */
@Mojo(name = "undo", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class UndoMojo extends DowngradeMojo {

    @Override
    protected String defaultSteps() {
        return "1";
    }
}
