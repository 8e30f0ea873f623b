package io.schemaguard.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method that declares a {@link TestDatabase} parameter a fresh database, on a
 * server started once for the whole run (stored in the root context, closed at its end).
 */
public final class PostgresExtension implements ParameterResolver {
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

    static TestServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestServer.class, key -> {
            try {
                return TestServer.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test PostgreSQL server: " + e.getMessage(), e);
            }
        }, TestServer.class);
    }
}
