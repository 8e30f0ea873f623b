package io.schemaguard.locks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a lock-wait report shows of the session that holds the lock: never a literal it typed. */
class LockHolderTest {

    @Test
    void anotherSessionsLiteralsAreBlanked() {
        assertEquals("ALTER ROLE app PASSWORD '…'", LockHolder.redactedFirstLine("ALTER ROLE app PASSWORD 'S3cret''s'"));
        assertEquals("ALTER ROLE app PASSWORD '…'", LockHolder.redactedFirstLine("ALTER ROLE app PASSWORD E'S3\\'cret'"));
        assertEquals("ALTER ROLE app PASSWORD '…'", LockHolder.redactedFirstLine("ALTER ROLE app PASSWORD $pw$S3cret$pw$"));
        assertEquals("LOCK TABLE t IN ACCESS EXCLUSIVE MODE", LockHolder.redactedFirstLine("-- hold\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE"));
    }
}
