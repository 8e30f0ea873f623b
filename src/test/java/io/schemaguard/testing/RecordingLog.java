package io.schemaguard.testing;

import io.schemaguard.output.Log;

import java.util.ArrayList;
import java.util.List;

/** A log that keeps its info, warn and error lines, for tests that assert what a user reads. */
public final class RecordingLog implements Log {
    private final List<String> lines = new ArrayList<>();

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean isDebugEnabled() { return false; }
    public void debug(String message) { }
    public synchronized void info(String message) { lines.add(message); }
    public synchronized void warn(String message) { lines.add("WARN " + message); }
    public synchronized void error(String message) { lines.add("ERROR " + message); }
}
