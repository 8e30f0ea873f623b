package io.schemaguard.guard;

import java.nio.charset.StandardCharsets;

/**
 * Identifiers as PostgreSQL keeps them: it silently truncates a longer name to NAMEDATALEN - 1
 * (63) bytes, on a character boundary, so a statement's long name must be looked up truncated.
 */
final class ServerName {
    static final int MAX_BYTES = 63;

    private ServerName() {
    }

    static String truncated(String name) {
        return truncated(name, MAX_BYTES);
    }

    /** The longest prefix of {@code name} whose UTF-8 encoding has at most {@code maxBytes} bytes, whole characters only. */
    static String truncated(String name, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > maxBytes) {
                return name.substring(0, i);
            }
            bytes += length;
            i += Character.charCount(codePoint);
        }
        return name;
    }
}
