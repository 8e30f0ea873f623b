package io.schemaguard.flyway;

/** Something wrong with the history itself: a failed row, an applied migration whose file is gone, a changed file. */
public record HistoryProblem(String version, String script, String problem) {
}
