package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import org.flywaydb.core.api.configuration.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads every pending SQL migration before the first one runs, so that a file Flyway would only
 * trip over halfway through an upgrade (a placeholder without a value, a NUL byte) or would record without
 * running anything (an empty file) is refused while the database is still untouched.
 */
final class PendingScripts {
    private static final Pattern COMMENTS = Pattern.compile("(?s)--[^\\n]*|/\\*.*?\\*/");

    private final Set<String> placeholderNames;
    private final String prefix;
    // null when placeholderReplacement=false: Flyway then leaves placeholders as they are
    private final Pattern placeholder;
    private final Charset encoding;
    private final Configuration configuration;

    /** With the placeholder syntax, values and file encoding of the Flyway configuration the migrations run with. */
    PendingScripts(Configuration configuration) {
        this.configuration = configuration;
        this.placeholderNames = configuration.getPlaceholders().keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        this.prefix = configuration.getPlaceholderPrefix();
        this.placeholder = configuration.isPlaceholderReplacement()
                ? Pattern.compile(Pattern.quote(prefix) + "(.*?)" + Pattern.quote(configuration.getPlaceholderSuffix())) : null;
        this.encoding = configuration.getEncoding();
    }

    /** Whether Flyway reads {@code script} as an SQL migration (one of the sqlMigrationSuffixes). */
    static boolean isSql(String script, Configuration configuration) {
        if (script == null) {
            return false;
        }
        String name = script.toLowerCase(Locale.ROOT);
        return Arrays.stream(configuration.getSqlMigrationSuffixes()).anyMatch(suffix -> name.endsWith(suffix.toLowerCase(Locale.ROOT)));
    }

    void check(List<MigrationEntry> pending) {
        for (MigrationEntry entry : pending) {
            Path file = entry.file();
            if (file == null || !isSql(entry.script(), configuration) || !Files.isRegularFile(file)) {
                continue; // Java migrations and scripts inside jars: Flyway itself reports their problems
            }
            check(file.getFileName().toString(), read(file));
        }
    }

    void check(String fileName, String sql) {
        int nul = sql.indexOf('\0');
        if (nul >= 0) {
            // the driver would send it and the server drop the connection (08P01) halfway through the upgrade
            long line = sql.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw new SchemaFailure(fileName + ", line " + line + ": the file holds a NUL byte (\\0), which PostgreSQL does not accept"
                    + " in SQL. Remove it (a file saved as UTF-16, or a binary file, holds many: save it as UTF-8 text)."
                    + " Nothing was applied.");
        }
        if (COMMENTS.matcher(sql).replaceAll("").isBlank()) {
            throw new SchemaFailure(fileName + " is empty: it holds no SQL statement, and Flyway would record it as applied."
                    + " Write the migration, or remove the file until it is ready. Nothing was applied.");
        }
        if (placeholder == null) {
            return;
        }
        Matcher m = placeholder.matcher(sql);
        while (m.find()) {
            String name = m.group(1);
            if (!name.startsWith("flyway:") && !placeholderNames.contains(name.toLowerCase(Locale.ROOT))) {
                throw new SchemaFailure(fileName + " uses the placeholder " + m.group() + ", which has no value. Give it one in the"
                        + " plugin's <placeholders> (<" + name + ">value</" + name + ">) or with -Dschema.placeholders." + name
                        + "=value. Nothing was applied.");
            }
        }
    }

    private String read(Path file) {
        try {
            return Files.readString(file, encoding);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
