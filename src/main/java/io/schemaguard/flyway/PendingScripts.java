package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern COMMENTS = Pattern.compile("(?s)--[^\\n]*|/\\*.*?\\*/");

    private final Set<String> placeholderNames;

    PendingScripts(Map<String, String> placeholders) {
        this.placeholderNames = placeholders.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    void check(List<MigrationEntry> pending) {
        for (MigrationEntry entry : pending) {
            Path file = entry.file();
            if (file == null || !entry.script().endsWith(".sql") || !Files.isRegularFile(file)) {
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
        Matcher m = PLACEHOLDER.matcher(sql);
        while (m.find()) {
            String name = m.group(1);
            if (!name.startsWith("flyway:") && !placeholderNames.contains(name.toLowerCase(Locale.ROOT))) {
                throw new SchemaFailure(fileName + " uses the placeholder ${" + name + "}, which has no value. Give it one in the"
                        + " plugin's <placeholders> (<" + name + ">value</" + name + ">). Nothing was applied.");
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
