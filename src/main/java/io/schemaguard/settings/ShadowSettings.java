package io.schemaguard.settings;

import io.schemaguard.output.SchemaFailure;

/**
 * Where the expected schema is built. With a {@code url}, that database is used — and wiped: its
 * managed schemas are dropped before and after the replay; it is refused when the server says it
 * is the target, or when it holds objects and is not marked as the plugin's shadow (marked at its
 * first use, when empty). Without one, a temporary database on the target's server when the
 * target's user may create one, else an embedded PostgreSQL of the target's major version.
 * Credentials are the target's.
 */
public record ShadowSettings(String url) {

    public ShadowSettings {
        url = url == null || url.isBlank() ? null : url.trim();
        UrlCredentials.in(url).ifPresent(form -> {
            throw new SchemaFailure("The shadow database URL (shadowUrl, -Dschema.shadowUrl) carries " + form + ". A URL is printed"
                    + " in messages and by Maven's -X, so it must not hold a password; it is not shown here. Remove it: the shadow"
                    + " is reached with the target's credentials (<user>, and <serverId> or <password>). Nothing was done.");
        });
    }

    public static ShadowSettings automatic() {
        return new ShadowSettings(null);
    }
}
