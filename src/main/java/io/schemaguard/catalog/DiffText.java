package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders differences as aligned lines, {@code column status  expected varchar(20) NOT NULL  found text NULL},
 * in the short spellings people write (varchar, timestamptz, literals without their implicit casts).
 * Only the display is shortened: the comparison reads PostgreSQL's own full definitions.
 */
public final class DiffText {
    private static final Pattern LITERAL_CAST = Pattern.compile("('(?:[^']|'')*')::(?:character varying|text|bpchar)(?:\\(\\d+\\))?");
    private static final List<String[]> TYPE_NAMES = List.of(
            new String[] {"character varying", "varchar"},
            new String[] {"timestamp with time zone", "timestamptz"},
            new String[] {"timestamp without time zone", "timestamp"},
            new String[] {"time with time zone", "timetz"});

    private DiffText() {
    }

    public static List<String> lines(List<Difference> differences) {
        List<String[]> rows = new ArrayList<>();
        for (Difference d : differences) {
            rows.add(new String[] {subject(d), display(d.expected()), display(d.found())});
        }
        // at least 1: a width of 0 is no format ("%-0s"), and a whole object's difference has no subject
        int subjectWidth = Math.max(1, rows.stream().mapToInt(r -> r[0].length()).max().orElse(1));
        int expectedWidth = Math.max(1, rows.stream().mapToInt(r -> r[1].length()).max().orElse(1));
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            lines.add(String.format("%-" + subjectWidth + "s  expected %-" + expectedWidth + "s  found %s", row[0], row[1], row[2]));
        }
        return lines;
    }

    /**
     * A group as lines: its title, then its differences indented by two — or, for an object missing or
     * extra as a whole, one line that names it once: {@code index idx on public.t  expected CREATE INDEX …  found (missing)}.
     */
    public static List<String> group(DiffGroup group) {
        List<Difference> differences = group.differences();
        if (differences.size() == 1 && differences.get(0).subject() == null) {
            Difference whole = differences.get(0);
            return List.of(group.title() + "  expected " + display(whole.expected()) + "  found " + display(whole.found()));
        }
        List<String> lines = new ArrayList<>();
        lines.add(group.title());
        lines(differences).forEach(line -> lines.add("  " + line));
        return lines;
    }

    public static String display(String definition) {
        String shown = LITERAL_CAST.matcher(definition).replaceAll("$1");
        for (String[] name : TYPE_NAMES) {
            shown = shown.replace(name[0], name[1]);
        }
        return shown;
    }

    // "constraint t_fkey" reads better as "foreign key t_fkey": the kind is in the definition.
    private static String subject(Difference d) {
        if (d.subject() == null || !d.subject().startsWith("constraint ")) {
            return d.subject() == null ? "" : d.subject();
        }
        String definition = Difference.MISSING.equals(d.found()) || Difference.ABSENT.equals(d.found()) ? d.expected() : d.found();
        String name = d.subject().substring("constraint ".length());
        for (String kind : List.of("PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK", "EXCLUDE")) {
            if (definition.startsWith(kind)) {
                return kind.toLowerCase() + " " + name;
            }
        }
        return d.subject();
    }
}
