package io.schemaguard.bench;

import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A Java callback that handles no event: configured, it makes the upgrade leave the driver's flush of prepared
 * statements on DDL in place, the upgrade as it ran before they were kept (for ServerCpuCompare's "upgrade-flushing").
 */
public class IdleCallback extends BaseCallback {
    @Override
    public boolean supports(Event event, Context context) {
        return false;
    }

    @Override
    public void handle(Event event, Context context) {
    }
}
