package io.schemaguard.settings;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** lockTimeout and lockRetries as a user writes them: PostgreSQL's durations, refused clearly otherwise. */
class LockSettingsTest {

    @Test
    void durationsAreReadAsPostgresqlWritesThem() {
        assertEquals(Duration.ofSeconds(10), LockSettings.of("10s", 0).timeout());
        assertEquals(Duration.ofMillis(500), LockSettings.of("500ms", 0).timeout());
        assertEquals(Duration.ofMinutes(2), LockSettings.of(" 2min ", 0).timeout());
        assertEquals(Duration.ofMillis(1500), LockSettings.of("1500", 0).timeout(), "a bare number is milliseconds");
        assertEquals(Duration.ofHours(1), LockSettings.of("1H", 0).timeout());
        assertEquals(Duration.ofMillis(1500), LockSettings.of("1.5s", 0).timeout(), "a fraction, as PostgreSQL reads it");
    }

    @Test
    void noTimeoutMeansWaitingAsLongAsTheLockIsHeld() {
        assertNull(LockSettings.of(null, 0).timeout());
        assertNull(LockSettings.of("", 0).timeout());
        assertNull(LockSettings.of("0", 0).timeout());
        assertEquals(LockSettings.DEFAULT, LockSettings.of(null, 0));
        assertEquals(LockSettings.REPORT_INTERVAL, LockSettings.DEFAULT.reportInterval());
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsExpected() {
        for (String bad : new String[] {"ten seconds", "-1s", "1,5s", "10 sec", "s", "10s;"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LockSettings.of(bad, 0), bad);
            assertTrue(e.getMessage().contains("lockTimeout must be a duration such as 10s, 500ms or 2min"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> LockSettings.of("30d", 0));
        assertTrue(tooLong.getMessage().contains("longer than PostgreSQL allows"), tooLong.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> LockSettings.of("1s", -1));
        assertTrue(negative.getMessage().contains("lockRetries must be 0 or more"), negative.getMessage());
    }
}
