package io.schemaguard.engine;

import io.schemaguard.flyway.Version;
import io.schemaguard.output.Json;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.output.TextTable;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every migration with its state, oldest first; also the facts behind {@code schema:current}. */
public record HistoryReport(List<HistoryEntry> entries) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public HistoryReport {
        entries = List.copyOf(entries);
    }

    /** The highest successfully applied versioned migration, if any (one applied out of order later is not the current version). */
    public Optional<HistoryEntry> current() {
        HistoryEntry current = null;
        for (HistoryEntry entry : entries) {
            if (entry.version() != null && entry.installedOn() != null && isSuccess(entry.state())
                    && (current == null || isAtLeast(entry.version(), current.version()))) {
                current = entry;
            }
        }
        return Optional.ofNullable(current);
    }

    // A version of another tool's making, not one of Flyway's form, is taken in history order.
    private static boolean isAtLeast(String candidate, String current) {
        try {
            return !Version.of(current, "version").isAbove(Version.of(candidate, "version"));
        } catch (SchemaFailure e) {
            return true;
        }
    }

    public List<HistoryEntry> pending() {
        return entries.stream().filter(e -> e.state() == MigrationState.PENDING).toList();
    }

    public Optional<HistoryEntry> failed() {
        return entries.stream().filter(e -> e.state() == MigrationState.FAILED).findFirst();
    }

    private static boolean isSuccess(MigrationState state) {
        return switch (state) {
            case APPLIED, ADOPTED, COMPLETED, STAMPED, FORCED, MISSING, FUTURE, OUT_OF_ORDER, BASELINE -> true;
            default -> false;
        };
    }

    public List<String> historyText() {
        TextTable table = new TextTable("version", "description", "type", "state", "installed on", "installed by", "time (ms)", "undo");
        for (HistoryEntry e : entries) {
            table.row(versionLabel(e), e.description(), e.type(), e.state().label(),
                    e.installedOn() == null ? "" : TIME.format(e.installedOn()), e.installedBy(),
                    e.executionMillis() == null ? "" : e.executionMillis().toString(), undoLabel(e.undoScript()));
        }
        return table.lines();
    }

    // R marks a repeatable migration; Flyway's row for the schemas it created has no version and is no migration.
    private static String versionLabel(HistoryEntry e) {
        if (e.version() != null) {
            return e.version();
        }
        return e.state() == MigrationState.CREATED ? "" : "R";
    }

    /** {@code U51} for {@code U51__create_communication_tables.sql}. */
    private static String undoLabel(String undoScript) {
        return undoScript == null ? "" : undoScript.substring(0, undoScript.indexOf("__"));
    }

    public String historyJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("current", current().map(HistoryEntry::version).orElse(null));
        root.put("migrations", entries.stream().map(HistoryReport::json).toList());
        return Json.write(root);
    }

    public List<String> currentText() {
        List<String> lines = new ArrayList<>();
        lines.add("Current version: " + current().map(e -> e.version() + " (" + e.description() + ")").orElse("none (empty history)"));
        List<HistoryEntry> pending = pending();
        lines.add("Pending migrations: " + pending.size());
        pending.forEach(e -> lines.add("  " + versionLabel(e) + "  " + e.description()));
        lines.add("Failed migration: " + failed().map(e -> e.version() + " (" + e.description() + ")").orElse("none"));
        return lines;
    }

    public String currentJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("current", current().map(HistoryReport::json).orElse(null));
        root.put("pendingCount", pending().size());
        root.put("pending", pending().stream().map(HistoryReport::json).toList());
        root.put("failed", failed().map(HistoryReport::json).orElse(null));
        return Json.write(root);
    }

    private static Map<String, Object> json(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("description", e.description());
        m.put("type", e.type());
        m.put("state", e.state().label());
        m.put("installedOn", e.installedOn() == null ? null : e.installedOn().toString());
        m.put("installedBy", e.installedBy());
        m.put("executionTimeMs", e.executionMillis());
        m.put("script", e.script());
        m.put("undo", e.undoScript());
        return m;
    }
}
