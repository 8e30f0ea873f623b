package io.schemaguard.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What built an object of the expected schema: the migrations that built or changed it, in order, and the Flyway
 * callbacks that did ({@code afterMigrate.sql}, {@code com.example.Audit (afterMigrate)}). A stamp runs no callback,
 * so an object only callbacks build is not the stamp's to verify.
 */
record ObjectOrigin(List<String> migrations, List<String> callbacks) {
    ObjectOrigin {
        migrations = List.copyOf(migrations);
        callbacks = List.copyOf(callbacks);
    }

    /** Only callbacks build it: no migration built or changed it. */
    boolean onlyCallbacks() {
        return migrations.isEmpty() && !callbacks.isEmpty();
    }

    /** The last migration that built or changed it, then every callback that did: {@code V1__a.sql, afterMigrate.sql}. */
    List<String> builtBy() {
        List<String> names = new ArrayList<>();
        if (!migrations.isEmpty()) {
            names.add(migrations.get(migrations.size() - 1));
        }
        names.addAll(callbacks);
        return names;
    }
}
