package io.schemaguard.flyway;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Numbers the migrations of one run, {@code [3/12]}: the position of a migration among those the run
 * was asked to apply, and their total. A migration run again (after a lock timeout, or after the
 * upgrade judged a refused one as a whole and went on) keeps its number.
 */
final class MigrationProgress implements Callback {
    static final String NAME = "schema-maven-plugin progress";
    private final List<String> planned = new ArrayList<>();
    // The migration Flyway is about to run: Flyway logs its "Migrating schema …" line right after this callback.
    private String running;

    /** Adds the scripts a run is asked to apply, in order, to those already planned. */
    synchronized void plan(Collection<String> scripts) {
        scripts.stream().filter(script -> !planned.contains(script)).forEach(planned::add);
    }

    /** {@code "[3/12] "} for a planned script; empty when nothing was planned. */
    synchronized String counter(String script) {
        if (planned.isEmpty()) {
            return "";
        }
        if (!planned.contains(script)) {
            planned.add(script);
        }
        return "[" + (planned.indexOf(script) + 1) + "/" + planned.size() + "] ";
    }

    /** The counter of the migration Flyway is running. */
    synchronized String counterOfRunning() {
        return running == null ? "" : counter(running);
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public synchronized void handle(Event event, Context context) {
        running = context.getMigrationInfo() == null ? null : context.getMigrationInfo().getScript();
    }

    @Override
    public String getCallbackName() {
        return NAME;
    }
}
