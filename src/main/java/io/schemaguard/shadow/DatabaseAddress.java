package io.schemaguard.shadow;

import org.postgresql.Driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where a JDBC URL points, as {@code host:port/database} and nothing else: a URL may carry a
 * password in its parameters (or user-info), so the shadow is only ever described this way.
 */
final class DatabaseAddress {
    private DatabaseAddress() {
    }

    static String of(String jdbcUrl) {
        Properties parsed = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            return "(an unreadable URL)";
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            servers.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return String.join(",", servers) + "/" + parsed.getProperty("PGDBNAME", "");
    }
}
