package io.schemaguard.postgres;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link EmbeddedServer#start} builds.
 *
 * @param dataDirectory  where the cluster lives: absent, empty, or the plugin's own (a killed build's leftover, cleared first)
 * @param user           the role the build connects as; {@code postgres} is the superuser itself
 * @param password       when set, the role gets this password and every login must give one (SCRAM)
 * @param database       the database to create for the role ({@code postgres} exists already)
 * @param userCanCreateDatabases whether the created role gets CREATEDB
 * @param initScripts    SQL files run, in order, as {@code user} in {@code database} once the server is up
 * @param serverConfig   extra {@code postgresql.conf} settings
 */
public record EmbeddedServerSettings(
        Path dataDirectory,
        String user,
        String password,
        String database,
        boolean userCanCreateDatabases,
        List<Path> initScripts,
        Map<String, String> serverConfig) {

    public static final String SUPERUSER = "postgres";

    public EmbeddedServerSettings {
        user = user == null || user.isBlank() ? SUPERUSER : user;
        database = database == null || database.isBlank() ? SUPERUSER : database;
        password = password == null || password.isEmpty() ? null : password;
        initScripts = List.copyOf(initScripts);
        serverConfig = Map.copyOf(serverConfig);
    }

    public boolean requiresPassword() {
        return password != null;
    }

    @Override
    public String toString() {
        return "EmbeddedServerSettings[dataDirectory=" + dataDirectory + ", user=" + user + ", password="
                + (password == null ? "none" : "******") + ", database=" + database + "]";
    }
}
