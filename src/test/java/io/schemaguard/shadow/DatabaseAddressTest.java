package io.schemaguard.shadow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A shadow is described by where it is, never by its URL's parameters or user-info, which may hold a password. */
class DatabaseAddressTest {

    @Test
    void onlyHostPortAndDatabaseAreKept() {
        assertEquals("127.0.0.1:5433/app_shadow", DatabaseAddress.of("jdbc:postgresql://127.0.0.1:5433/app_shadow?user=app&password=s3cret"));
        assertEquals("db.example.com:5432/app_shadow", DatabaseAddress.of("jdbc:postgresql://db.example.com/app_shadow?password=s3cret"));
        assertEquals("127.0.0.1:6000/app_shadow", DatabaseAddress.of("jdbc:postgresql://127.0.0.1/app_shadow?port=6000&password=s3cret"));
        assertEquals("a:5432,b:5433/app_shadow", DatabaseAddress.of("jdbc:postgresql://a,b:5433/app_shadow?password=s3cret"));
    }

    @Test
    void userInfoIsDropped() {
        assertEquals("host:5432/db", DatabaseAddress.of("jdbc:postgresql://user:s3cret@host/db"));
        assertEquals("host:5433/db", DatabaseAddress.of("jdbc:postgresql://user:s3/cr@et@host:5433/db?sslmode=disable"));
    }
}
