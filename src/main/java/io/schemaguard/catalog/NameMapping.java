package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names to read as other names when comparing: an incumbent moved to a probe schema or renamed
 * aside compares with a candidate built under the real name. Applied to subjects and definitions.
 */
public final class NameMapping {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final List<String[]> replacements;

    private NameMapping(List<String[]> replacements) {
        this.replacements = List.copyOf(replacements);
    }

    public static NameMapping none() {
        return new NameMapping(List.of());
    }

    /** Reads schema {@code from} as schema {@code to} (qualified names in definitions). */
    public NameMapping schema(String from, String to) {
        List<String[]> next = new ArrayList<>(replacements);
        next.add(new String[] {quote(from) + ".", quote(to) + "."});
        return new NameMapping(next);
    }

    /** Reads the unique name {@code from} (e.g. {@code idx__sg_probe}) as {@code to}. */
    public NameMapping name(String from, String to) {
        List<String[]> next = new ArrayList<>(replacements);
        next.add(new String[] {quote(from), quote(to)});
        if (!quote(from).equals(from)) {
            next.add(new String[] {from, to});
        }
        return new NameMapping(next);
    }

    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String mapped = text;
        for (String[] replacement : replacements) {
            mapped = mapped.replace(replacement[0], replacement[1]);
        }
        return mapped;
    }

    /** An identifier as PostgreSQL's quote_ident prints it (reserved words aside). */
    public static String quote(String identifier) {
        return PLAIN_IDENTIFIER.matcher(identifier).matches() ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
