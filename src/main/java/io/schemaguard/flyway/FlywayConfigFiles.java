package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.configuration.ConfigUtils;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flyway configuration files ({@code flyway.conf}: {@code flyway.url=…} lines), read by Flyway's own
 * loader, as its plugin reads them: later files win over earlier ones.
 */
public final class FlywayConfigFiles {
    private FlywayConfigFiles() {
    }

    /** The keys and values of {@code files}, in order; a missing or unreadable file is refused. */
    public static Map<String, String> read(List<File> files, String encoding) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (File file : files) {
            if (file.getName().toLowerCase(Locale.ROOT).endsWith(".toml")) {
                throw new SchemaFailure("configFiles: " + file + " is a TOML file. This plugin reads Flyway's .conf files"
                        + " (flyway.url=… lines); write the settings there, or in the plugin's <configuration>. Nothing was done.");
            }
            if (!file.isFile()) {
                throw new SchemaFailure("configFiles: " + file + " does not exist (or is not a file). Nothing was done.");
            }
            try {
                merged.putAll(ConfigUtils.loadConfigurationFile(file, encoding == null ? "UTF-8" : encoding, true));
            } catch (FlywayException e) {
                throw new SchemaFailure("configFiles: cannot read " + file + ": " + e.getMessage() + " Nothing was done.", e);
            }
        }
        return merged;
    }
}
