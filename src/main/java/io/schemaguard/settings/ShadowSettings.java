package io.schemaguard.settings;

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
    }

    public static ShadowSettings automatic() {
        return new ShadowSettings(null);
    }
}
