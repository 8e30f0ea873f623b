package io.schemaguard.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query of one fact set as a session's prepared statement ({@code PREPARE}): planning these
 * catalog joins costs more than running them, and a probe runs them for every colliding
 * statement. SQL-level rather than the driver's own prepared statements, because the driver
 * forgets its statements whenever the search path changes, and every snapshot changes it.
 */
final class CatalogQuery {
    static final String NAME_PREFIX = "sg_catalog_";
    private static final Pattern NAME_FILTER = Pattern.compile("(?m)^.*-- only when names are given(\\R|$)");
    private static final Pattern PARAMETER = Pattern.compile(":(schemas|excluded|names)\\b");
    // One rule for the value of a storage parameter, wherever a query reads reloptions.
    private static final String STORAGE_OPTION_VALUE = ":storage_option_value";

    private final String name;
    private final String definition;

    /** @param named with the filter on object names; without it, every object of the schemas */
    CatalogQuery(FactSet factSet, boolean named) {
        String sql = resource(factSet.resource()).strip().replaceAll(";$", "")
                .replace(STORAGE_OPTION_VALUE, "(" + withoutComments(resource("storage-option-value.sql")) + ")");
        // Without names the filter goes entirely: a condition that is sometimes true would keep the planner off the indexes.
        if (!named) {
            sql = NAME_FILTER.matcher(sql).replaceAll("");
        }
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder body = new StringBuilder();
        while (m.find()) {
            String position = switch (m.group(1)) {
                case "schemas" -> "$1";
                case "excluded" -> "$2";
                default -> "$3";
            };
            m.appendReplacement(body, Matcher.quoteReplacement(position + "::text[]"));
        }
        m.appendTail(body);
        // The text's hash is in the name: a session kept by a pool may hold the statement another plugin version prepared.
        this.name = NAME_PREFIX + factSet.name().toLowerCase(Locale.ROOT) + (named ? "_named_" : "_all_")
                + Integer.toHexString(body.toString().hashCode());
        this.definition = "PREPARE " + name + "(text[], text[], text[]) AS\n" + body;
    }

    String name() {
        return name;
    }

    String prepare() {
        return definition;
    }

    // EXECUTE takes no bind parameters, so the values go in as literals.
    String execute(Collection<String> schemas, Collection<String> excluded, Collection<String> names) {
        return "EXECUTE " + name + "(" + array(schemas) + ", " + array(excluded) + ", " + array(names) + ")";
    }

    private static String array(Collection<String> values) {
        return values.stream().map(CatalogQuery::literal).collect(Collectors.joining(", ", "ARRAY[", "]::text[]"));
    }

    // An escape string literal reads the same whatever standard_conforming_strings says.
    static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String withoutComments(String sql) {
        return sql.lines().filter(line -> !line.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).strip();
    }

    private static String resource(String name) {
        try (InputStream in = CatalogQuery.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog query " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
