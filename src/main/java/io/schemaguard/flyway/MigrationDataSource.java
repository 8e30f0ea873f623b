package io.schemaguard.flyway;

import io.schemaguard.locks.LockWaitWatch;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Flyway's data source: every connection it hands Flyway gets the lock timeout and is watched for
 * lock waits. Done here rather than with Flyway's {@code initSql}, which stays the user's.
 */
final class MigrationDataSource implements DataSource {
    private final DataSource target;
    private final LockWaitWatch watch;

    MigrationDataSource(DataSource target, LockWaitWatch watch) {
        this.target = target;
        this.watch = watch;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return attached(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return attached(target.getConnection(username, password));
    }

    private Connection attached(Connection connection) throws SQLException {
        try {
            watch.attach(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }
}
