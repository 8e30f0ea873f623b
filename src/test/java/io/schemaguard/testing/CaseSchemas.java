package io.schemaguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Many cases judged by one goal: each case's objects live in a schema of its own ({@code pair_1},
 * {@code pair_2}…) of one database, so that one stamp or verify replays them all (a goal costs a
 * second, a case's objects milliseconds). The report is then read per case: the object groups that
 * name its schema.
 */
public final class CaseSchemas {
    private final String prefix;

    public CaseSchemas(String prefix) {
        this.prefix = prefix;
    }

    /** The schema of the case numbered {@code number} (from 1). */
    public String schema(int number) {
        return prefix + "_" + number;
    }

    /** SQL written for schema public, run in the case's own schema instead (created first). */
    public static String inSchema(String schema, String sql) {
        return "CREATE SCHEMA " + schema + ";\nSET search_path TO " + schema + ";\n" + sql + ";\n";
    }

    /** A subject as a report names it, {@code table public.t}, for the case's schema. */
    public static String qualified(String subject, String schema) {
        return subject.replace("public.", schema + ".");
    }

    /**
     * The groups of a report (verify's text, a stamp's refusal) whose title names the schema or
     * starts with one of the subjects, each with its indented details; empty when none does.
     */
    public static String about(String report, String schema, String... subjects) {
        Pattern names = Pattern.compile("(?<![\\w$\"])" + Pattern.quote(schema) + "\\.");
        StringBuilder found = new StringBuilder();
        for (List<String> group : groups(report)) {
            String title = group.get(0).strip();
            boolean named = names.matcher(title).find();
            for (String subject : subjects) {
                named |= title.equals(subject) || title.startsWith(subject + " ");
            }
            if (named) {
                group.forEach(line -> found.append(line).append('\n'));
            }
        }
        return found.toString();
    }

    // A group is a line and the lines after it indented deeper: an object and its differences.
    private static List<List<String>> groups(String report) {
        List<List<String>> groups = new ArrayList<>();
        List<String> lines = report.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int indent = indent(lines.get(i));
            List<String> group = new ArrayList<>(List.of(lines.get(i)));
            for (int j = i + 1; j < lines.size() && indent(lines.get(j)) > indent; j++) {
                group.add(lines.get(j));
            }
            groups.add(group);
        }
        return groups;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
