package io.schemaguard.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds credentials written into a JDBC URL. A URL is printed in messages, in descriptions and by
 * Maven's {@code -X}, so one that carries a password is refused instead of being used and shown.
 */
final class UrlCredentials {
    private UrlCredentials() {
    }

    /** How {@code url} carries a secret ("a password= parameter"), or empty when it carries none. */
    static Optional<String> in(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int query = url.indexOf('?');
        String beforeQuery = query < 0 ? url : url.substring(0, query);
        int slashes = beforeQuery.indexOf("//");
        if (slashes >= 0) {
            int hostsEnd = beforeQuery.indexOf('/', slashes + 2);
            String hosts = beforeQuery.substring(slashes + 2, hostsEnd < 0 ? beforeQuery.length() : hostsEnd);
            // pgjdbc has no user:password@host form: it would take it for a host name and echo it in every failure
            if (hosts.contains("@")) {
                return Optional.of("credentials before the host (user:password@host), which the PostgreSQL driver does not read");
            }
        }
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                String name = parameter.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (name.endsWith("password")) {
                    return Optional.of("a " + name + "= parameter");
                }
            }
        }
        return Optional.empty();
    }
}
