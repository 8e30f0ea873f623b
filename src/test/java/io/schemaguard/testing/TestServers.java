package io.schemaguard.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's test servers, one per test thread (or the one external server), closed together at
 * the end of the run: each deletes a cluster of hundreds of databases, and one after another those
 * deletions were a long tail of the run with one core busy.
 */
final class TestServers implements AutoCloseable {
    private final Map<String, TestServer> servers = new ConcurrentHashMap<>();

    TestServer of(String key) {
        return servers.computeIfAbsent(key, k -> {
            try {
                return TestServer.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test PostgreSQL server: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        servers.values().parallelStream().forEach(TestServer::close);
    }
}
