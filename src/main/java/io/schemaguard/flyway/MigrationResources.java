package io.schemaguard.flyway;

import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What Flyway finds in the locations, minus the undo scripts: the free edition refuses them as
 * misnamed (we validate migration naming) and, resolved as migrations, would run them as pending.
 * Scanned on first use, inside a Flyway command, so a bad location fails as Flyway reports it.
 */
final class MigrationResources implements ResourceProvider, ClassProvider<JavaMigration> {
    private final Configuration configuration;
    private Scanner<JavaMigration> scanner;

    MigrationResources(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public LoadableResource getResource(String name) {
        return scanner().getResource(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return scanner().getResources(prefix, suffixes).stream().filter(resource -> undoScript(resource) == null).toList();
    }

    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
        return scanner().getClasses();
    }

    /** The undo scripts of the locations, in Flyway's resource order. */
    List<UndoScript> undoScripts() {
        List<UndoScript> found = new ArrayList<>();
        for (LoadableResource resource : scanner().getResources(UndoScript.PREFIX, configuration.getSqlMigrationSuffixes())) {
            UndoScript undo = undoScript(resource);
            if (undo != null) {
                found.add(undo);
            }
        }
        return found;
    }

    LoadableResource resource(UndoScript undo) {
        return scanner().getResource(undo.script());
    }

    /** The undo script this resource is, or null: {@code U}, a version, the separator, a description, an SQL suffix. */
    private UndoScript undoScript(LoadableResource resource) {
        String name = resource.getFilename();
        if (!name.startsWith(UndoScript.PREFIX)) {
            return null;
        }
        for (String suffix : configuration.getSqlMigrationSuffixes()) {
            if (name.toUpperCase(Locale.ROOT).endsWith(suffix.toUpperCase(Locale.ROOT))) {
                String base = name.substring(UndoScript.PREFIX.length(), name.length() - suffix.length());
                int separator = base.indexOf(configuration.getSqlMigrationSeparator());
                if (separator <= 0 || !Version.isVersion(base.substring(0, separator))) {
                    return null;
                }
                String description = base.substring(separator + configuration.getSqlMigrationSeparator().length()).replace('_', ' ');
                return new UndoScript(base.substring(0, separator), description, resource.getRelativePath());
            }
        }
        return null;
    }

    private synchronized Scanner<JavaMigration> scanner() {
        if (scanner == null) {
            scanner = new Scanner<>(JavaMigration.class, configuration, configuration.getLocations());
        }
        return scanner;
    }
}
