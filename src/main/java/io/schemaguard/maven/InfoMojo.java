package io.schemaguard.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Flyway's name for {@code schema:history}: every migration with its state, as a table or JSON. */
@Mojo(name = "info", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class InfoMojo extends HistoryMojo {
}
