package io.schemaguard.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Gives each test method that declares a {@link TestDatabase} parameter a fresh database. Test
 * classes run in parallel (src/test/resources/junit-platform.properties), and a test runs wholly
 * on one worker thread: each worker thread has its own embedded server, started at its first test
 * and closed with the others at the end of the run ({@link TestServers}), so that whatever a test does to its cluster (roles, shadow
 * databases, leftovers it looks for) no concurrently running test sees. A server named by
 * {@code SCHEMA_TEST_JDBC_URL} is one cluster for all: then its test classes take turns.
 */
public final class PostgresExtension implements ParameterResolver, BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return server(context).createDatabase(context.getRequiredTestMethod().getName());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create a test database: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        if (TestServer.external()) {
            externalTurn(context).lockInterruptibly();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (TestServer.external()) {
            externalTurn(context).unlock();
        }
    }

    // Reentrant: a nested class takes its turn inside its outer class's.
    private static ReentrantLock externalTurn(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("external server turn", key -> new ReentrantLock(),
                ReentrantLock.class);
    }

    /** The server of the calling thread's tests (stored in the root context, closed at its end). */
    static TestServer server(ExtensionContext context) {
        String key = TestServer.external() ? "external server" : "server of thread " + Thread.currentThread().getId();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("test servers", k -> new TestServers(), TestServers.class)
                .of(key);
    }
}
