package io.schemaguard.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** One test's own database on the run's server. */
public record TestDatabase(String name, String url, String user, String password, TestServer server) {

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect(url, props);
    }

    /** Runs SQL (several statements allowed) in this database. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of every row of a query, as strings. */
    public List<String> column(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    public String single(String sql) throws SQLException {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The server this database lives on, for tests that need more databases. */
    public TestServer server() {
        return server;
    }

    public boolean tableExists(String qualifiedName) throws SQLException {
        return single("SELECT to_regclass('" + qualifiedName.replace("'", "''") + "')") != null;
    }
}
