package io.schemaguard.maven;

import io.schemaguard.settings.ParameterSources;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;

import java.io.File;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@link ParameterSources}' rule to every parameter of a goal, after Maven injected them (Maven
 * itself lets the pom win over {@code -D}), and refuses what cannot be honoured: an unknown or misspelt
 * {@code <configuration>} element, or a Flyway parameter this plugin does not support.
 */
final class ParameterResolution {
    private static final Set<String> NOT_OVERRIDDEN = Set.of("project", "session", "mojoExecution");
    private static final String PLACEHOLDERS = "placeholders";

    private final Object mojo;
    private final MojoExecution execution;
    private final PomConfiguration pom;
    private final File baseDirectory;

    ParameterResolution(Object mojo, MojoExecution execution, PomConfiguration pom, File baseDirectory) {
        this.mojo = mojo;
        this.execution = execution;
        this.pom = pom;
        this.baseDirectory = baseDirectory;
    }

    /** Fails the build on a {@code <configuration>} element that no goal of this plugin has, naming the nearest one. */
    void checkPomElements() throws MojoFailureException {
        Set<String> known = knownNames();
        for (Map.Entry<String, String> element : pom.elements().entrySet()) {
            String name = element.getKey();
            if (!known.contains(name)) {
                String suggestion = NearestName.to(name, known).map(n -> " Did you mean <" + n + ">?").orElse("");
                throw new MojoFailureException("Unknown parameter <" + name + "> in " + pom.where(name) + " of "
                        + execution.getArtifactId() + "." + suggestion + " No goal of this plugin has a parameter of that name"
                        + " (mvn " + execution.getMojoDescriptor().getPluginDescriptor().getGoalPrefix() + ":help -Ddetail lists them)."
                        + " Nothing was done.");
            }
            Optional<String> refusal = FlywayParameters.refusal(name, element.getValue(), "<" + name + "> in " + pom.where(name));
            if (refusal.isPresent()) {
                throw new MojoFailureException(refusal.get());
            }
        }
    }

    /** Fails the build on a property that sets a refused Flyway parameter ({@code -Dflyway.resolvers=…}). */
    static void checkProperties(Map<String, String> properties, String kind) throws MojoFailureException {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = parameterOf(property.getKey());
            if (name != null) {
                Optional<String> refusal = FlywayParameters.refusal(name, property.getValue(), kind + " " + property.getKey());
                if (refusal.isPresent()) {
                    throw new MojoFailureException(refusal.get());
                }
            }
        }
    }

    /** Fails the build on a key of a Flyway configuration file that this plugin does not know or refuses. */
    void checkConfigFile(File file, Map<String, String> keys) throws MojoFailureException {
        Set<String> known = new TreeSet<>(FlywayParameters.ACCEPTED);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            String name = key.getKey().startsWith(ParameterSources.FLYWAY) ? key.getKey().substring(ParameterSources.FLYWAY.length()) : null;
            if (name != null && (name.startsWith(PLACEHOLDERS + ".") && name.length() > PLACEHOLDERS.length() + 1)) {
                continue;
            }
            Optional<String> refusal = name == null ? Optional.empty()
                    : FlywayParameters.refusal(name.contains(".") ? name.substring(0, name.indexOf('.')) : name, key.getValue(),
                            key.getKey() + " in " + file);
            if (refusal.isPresent()) {
                throw new MojoFailureException(refusal.get());
            }
            if (name == null || !known.contains(name) && !FlywayParameters.refusedNames().contains(name)) {
                String suggestion = name == null ? "" : NearestName.to(name, known).map(n -> " Did you mean flyway." + n + "?").orElse("");
                throw new MojoFailureException("configFiles: " + file + " sets " + key.getKey() + ", which is not a Flyway setting this"
                        + " plugin knows." + suggestion + " Nothing was done.");
            }
        }
    }

    /** Sets each parameter (or only those named in {@code only}, when given) to what the rule says. */
    void apply(ParameterSources sources, Collection<String> only) throws MojoFailureException {
        for (Parameter parameter : parameters()) {
            String name = parameter.getName();
            if (NOT_OVERRIDDEN.contains(name) || !parameter.isEditable() || only != null && !only.contains(name)) {
                continue;
            }
            Field field = field(name);
            if (field == null) {
                continue;
            }
            boolean inPom = pom.has(name) || pom.has(parameter.getAlias());
            if (name.equals(PLACEHOLDERS) && Map.class.isAssignableFrom(field.getType())) {
                @SuppressWarnings("unchecked")
                Map<String, String> given = (Map<String, String>) get(field);
                set(field, sources.placeholders(given));
                continue;
            }
            Optional<String> value = sources.override(name, inPom);
            if (value.isPresent()) {
                set(field, convert(field, value.get(), name, sources.origin(name, inPom).orElse(name)));
            }
        }
    }

    private Object convert(Field field, String value, String name, String origin) throws MojoFailureException {
        Class<?> type = field.getType();
        if (type == String.class) {
            return value;
        }
        if (type == boolean.class || type == Boolean.class) {
            String text = value.trim();
            if (text.isEmpty() || text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new MojoFailureException(name + " must be true or false, not '" + value + "' (" + origin + "). Nothing was done.");
        }
        if (type == int.class || type == Integer.class) {
            try {
                return Integer.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw new MojoFailureException(name + " must be a whole number, not '" + value + "' (" + origin + "). Nothing was done.");
            }
        }
        if (type == File.class) {
            File file = new File(value.trim());
            return file.isAbsolute() ? file : new File(baseDirectory, file.getPath());
        }
        if (List.class.isAssignableFrom(type)) {
            List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (field.getGenericType() instanceof java.lang.reflect.ParameterizedType list
                    && list.getActualTypeArguments()[0] == File.class) {
                return items.stream().map(item -> new File(item).isAbsolute() ? new File(item) : new File(baseDirectory, item)).toList();
            }
            return items;
        }
        throw new MojoFailureException(name + " cannot be set from a property (" + origin + "): set it in the pom's <configuration>.");
    }

    private Set<String> knownNames() {
        Set<String> known = new TreeSet<>(FlywayParameters.refusedNames());
        for (MojoDescriptor goal : execution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
            for (Parameter parameter : goal.getParameters() == null ? List.<Parameter>of() : goal.getParameters()) {
                if (parameter.isEditable()) {
                    known.add(parameter.getName());
                    if (parameter.getAlias() != null) {
                        known.add(parameter.getAlias());
                    }
                }
            }
        }
        return known;
    }

    private List<Parameter> parameters() {
        List<Parameter> parameters = execution.getMojoDescriptor().getParameters();
        return parameters == null ? List.of() : parameters;
    }

    /** The parameter a {@code schema.x} or {@code flyway.x} property sets, or null for other properties. */
    private static String parameterOf(String property) {
        String name = property.startsWith(ParameterSources.FLYWAY) ? property.substring(ParameterSources.FLYWAY.length())
                : property.startsWith(ParameterSources.SCHEMA) ? property.substring(ParameterSources.SCHEMA.length()) : null;
        if (name == null) {
            return null;
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot); // flyway.jdbcProperties.ssl=… names jdbcProperties
    }

    private Field field(String name) {
        for (Class<?> type = mojo.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // declared in a superclass
            }
        }
        return null;
    }

    private Object get(Field field) {
        try {
            return field.get(mojo);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read parameter " + field.getName(), e);
        }
    }

    private void set(Field field, Object value) {
        try {
            field.set(mojo, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot set parameter " + field.getName(), e);
        }
    }
}
