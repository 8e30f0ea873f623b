package io.schemaguard.settings;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one rule for every parameter: command line over pom over project properties over configuration files. */
class ParameterSourcesTest {
    private static final Set<String> FLYWAY_NAMES = Set.of("url", "table", "placeholders");

    private static ParameterSources sources(Map<String, String> commandLine, Map<String, String> project, Map<String, String> files) {
        return new ParameterSources(commandLine, project, files, FLYWAY_NAMES);
    }

    @Test
    void theCommandLineWinsOverThePom() {
        ParameterSources sources = sources(Map.of("schema.url", "jdbc:postgresql://cli/db"), Map.of(), Map.of());

        assertEquals(Optional.of("jdbc:postgresql://cli/db"), sources.override("url", true));
        assertEquals(Optional.of("-Dschema.url"), sources.origin("url", true));
    }

    @Test
    void schemaWinsOverFlywayWhenBothAreSet() {
        ParameterSources sources = sources(Map.of("schema.table", "ours", "flyway.table", "theirs"), Map.of(), Map.of());

        assertEquals(Optional.of("ours"), sources.override("table", false));
    }

    @Test
    void flywayPropertiesAreAliasesOnTheCommandLineAndInTheProject() {
        assertEquals(Optional.of("cli"), sources(Map.of("flyway.table", "cli"), Map.of(), Map.of()).override("table", true));
        assertEquals(Optional.of("project"), sources(Map.of(), Map.of("flyway.table", "project"), Map.of()).override("table", false));
    }

    @Test
    void thePomWinsOverProjectPropertiesAndConfigurationFiles() {
        ParameterSources sources = sources(Map.of(), Map.of("schema.table", "project"), Map.of("flyway.table", "file"));

        assertEquals(Optional.empty(), sources.override("table", true));
        assertEquals(Optional.of("project"), sources.override("table", false));
        assertEquals(Optional.of("file"), sources(Map.of(), Map.of(), Map.of("flyway.table", "file")).override("table", false));
    }

    @Test
    void flywayPropertiesNameOnlyFlywaysParameters() {
        // a project's flyway.version (the dependency's version) is not stamp's version
        ParameterSources sources = sources(Map.of(), Map.of("flyway.version", "13.12.0"), Map.of());

        assertEquals(Optional.empty(), sources.override("version", false));
    }

    @Test
    void placeholdersAreMergedOneByOneByTheSameRule() {
        ParameterSources sources = sources(Map.of("flyway.placeholders.owner", "cli"),
                Map.of("flyway.placeholders.region", "project", "flyway.placeholders.owner", "project"),
                Map.of("flyway.placeholders.tier", "file", "flyway.placeholders.region", "file"));

        assertEquals(Map.of("owner", "cli", "region", "pom", "tier", "file"), sources.placeholders(Map.of("owner", "pom", "region", "pom")));
    }
}
