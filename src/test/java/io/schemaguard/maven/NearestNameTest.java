package io.schemaguard.maven;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NearestNameTest {
    private static final List<String> KNOWN = List.of("placeholderPrefix", "placeholderSuffix", "placeholders", "installedBy", "url");

    @Test
    void aMisspeltNameGetsTheOneMeant() {
        assertEquals(Optional.of("placeholderPrefix"), NearestName.to("placeholderPrefx", KNOWN));
        assertEquals(Optional.of("installedBy"), NearestName.to("instaledBy", KNOWN));
        assertEquals(Optional.of("url"), NearestName.to("URL", KNOWN));
    }

    @Test
    void aNameLikeNoneGetsNoSuggestion() {
        assertEquals(Optional.empty(), NearestName.to("databaseVendor", KNOWN));
    }
}
