package io.schemaguard.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule by which a parameter gets its value, as Flyway's plugin reads its own: a property
 * on the command line ({@code -Dschema.<name>}, then {@code -Dflyway.<name>}) wins over the pom's
 * {@code <configuration>}, which wins over the project's properties ({@code schema.<name>}, then
 * {@code flyway.<name>}), which win over Flyway configuration files ({@code flyway.<name>}); a
 * parameter set nowhere keeps its default. {@code flyway.*} is read only for the names of
 * Flyway's own plugin: a project's {@code flyway.version} property is not a stamp version.
 *
 * @param commandLine       user and system properties of the build ({@code -D…})
 * @param projectProperties the project's {@code <properties>} (and those set by earlier goals)
 * @param configFiles       the keys read from Flyway configuration files ({@code flyway.url} …)
 * @param flywayNames       the parameters that also answer to {@code flyway.<name>}
 */
public record ParameterSources(Map<String, String> commandLine, Map<String, String> projectProperties, Map<String, String> configFiles,
                               Set<String> flywayNames) {
    public static final String SCHEMA = "schema.";
    public static final String FLYWAY = "flyway.";
    private static final String PLACEHOLDERS = "placeholders.";

    public ParameterSources {
        commandLine = Map.copyOf(commandLine);
        projectProperties = Map.copyOf(projectProperties);
        configFiles = Map.copyOf(configFiles);
        flywayNames = Set.copyOf(flywayNames);
    }

    /**
     * The value that replaces what Maven injected for {@code name}, or empty to keep it (the pom's
     * value when {@code inPom}, else the default).
     */
    public Optional<String> override(String name, boolean inPom) {
        Optional<String> given = first(commandLine, name);
        if (given.isPresent() || inPom) {
            return given;
        }
        given = first(projectProperties, name);
        if (given.isPresent() || !flywayNames.contains(name)) {
            return given;
        }
        return Optional.ofNullable(configFiles.get(FLYWAY + name));
    }

    /** Where the value of {@code name} comes from, for messages: e.g. {@code -Dschema.url}, or empty for the pom or a default. */
    public Optional<String> origin(String name, boolean inPom) {
        for (String property : names(name)) {
            if (commandLine.containsKey(property)) {
                return Optional.of("-D" + property);
            }
        }
        if (inPom) {
            return Optional.empty();
        }
        for (String property : names(name)) {
            if (projectProperties.containsKey(property)) {
                return Optional.of("the project property " + property);
            }
        }
        return flywayNames.contains(name) && configFiles.containsKey(FLYWAY + name)
                ? Optional.of(FLYWAY + name + " of the configuration files") : Optional.empty();
    }

    /**
     * The placeholders, each by the same rule: {@code -Dschema.placeholders.x} / {@code -Dflyway.placeholders.x}
     * over the pom's {@code <placeholders><x>}, over the project's properties, over configuration files.
     */
    public Map<String, String> placeholders(Map<String, String> pom) {
        Map<String, String> merged = new LinkedHashMap<>(prefixed(configFiles, FLYWAY + PLACEHOLDERS));
        merged.putAll(prefixed(projectProperties, FLYWAY + PLACEHOLDERS));
        merged.putAll(prefixed(projectProperties, SCHEMA + PLACEHOLDERS));
        if (pom != null) {
            pom.forEach((key, value) -> merged.put(key, value == null ? "" : value));
        }
        merged.putAll(prefixed(commandLine, FLYWAY + PLACEHOLDERS));
        merged.putAll(prefixed(commandLine, SCHEMA + PLACEHOLDERS));
        return merged;
    }

    private Optional<String> first(Map<String, String> properties, String name) {
        for (String property : names(name)) {
            String value = properties.get(property);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private java.util.List<String> names(String name) {
        return flywayNames.contains(name) ? java.util.List.of(SCHEMA + name, FLYWAY + name) : java.util.List.of(SCHEMA + name);
    }

    private static Map<String, String> prefixed(Map<String, String> properties, String prefix) {
        Map<String, String> found = new java.util.TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return found;
    }
}
