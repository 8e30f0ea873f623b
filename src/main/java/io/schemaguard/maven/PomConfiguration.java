package io.schemaguard.maven;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code <configuration>} elements a user wrote for this goal, as written in the pom (plugin level,
 * then the execution's): Maven hands a Mojo only the elements that match a parameter and drops the
 * others, silently on Maven 3.8, so misspellings are found here.
 *
 * @param elements the element names and their text (empty for an element with children), execution over plugin level
 * @param places   where each element was written, for messages
 */
record PomConfiguration(Map<String, String> elements, Map<String, String> places) {

    static PomConfiguration of(MavenProject project, MojoExecution execution) {
        String key = execution.getGroupId() + ":" + execution.getArtifactId();
        Plugin plugin = project.getBuild() == null ? null : project.getBuild().getPluginsAsMap().get(key);
        if (plugin == null && project.getPluginManagement() != null) {
            plugin = project.getPluginManagement().getPluginsAsMap().get(key);
        }
        Map<String, String> elements = new LinkedHashMap<>();
        Map<String, String> places = new LinkedHashMap<>();
        if (plugin != null) {
            add(plugin.getConfiguration(), elements, places, "the plugin's <configuration>");
            PluginExecution own = plugin.getExecutionsAsMap().get(execution.getExecutionId());
            if (own != null) {
                add(own.getConfiguration(), elements, places, "the <configuration> of execution '" + execution.getExecutionId() + "'");
            }
        }
        return new PomConfiguration(Map.copyOf(nullsAsEmpty(elements)), Map.copyOf(places));
    }

    /** Where {@code name} was written, e.g. "the plugin's <configuration>". */
    String where(String name) {
        return places.getOrDefault(name, "the pom");
    }

    boolean has(String name) {
        return name != null && elements.containsKey(name);
    }

    private static void add(Object configuration, Map<String, String> elements, Map<String, String> places, String where) {
        if (configuration instanceof Xpp3Dom dom) {
            for (Xpp3Dom child : dom.getChildren()) {
                elements.put(child.getName(), child.getChildCount() > 0 ? null : child.getValue());
                places.put(child.getName(), where);
            }
        }
    }

    // Map.copyOf refuses nulls: an element with children (a list, a map) is recorded with an empty text.
    private static Map<String, String> nullsAsEmpty(Map<String, String> elements) {
        Map<String, String> copy = new LinkedHashMap<>();
        elements.forEach((name, value) -> copy.put(name, value == null ? "" : value));
        return copy;
    }
}
