package io.schemaguard.shadow;

import org.postgresql.Driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a JDBC URL points, as {@code host:port/database} and nothing else: a URL may carry a
 * password in its parameters (or user-info), so the shadow is only ever described this way.
 */
final class DatabaseAddress {
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:postgresql://)[^?#]*@");

    private DatabaseAddress() {
    }

    static String of(String jdbcUrl) {
        // user-info (user:password@host) is not pgjdbc's form, and its parser would log the password in a warning
        Properties parsed = jdbcUrl == null ? null : Driver.parseURL(USER_INFO.matcher(jdbcUrl).replaceFirst("$1"), null);
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
