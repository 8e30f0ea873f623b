package io.schemaguard.output;

import java.util.List;
import java.util.Objects;

/**
 * Replaces every known secret with asterisks before a message reaches the log, so a password
 * never appears in output whatever layer (ours, Flyway's, the driver's) put it in a message.
 */
public final class MaskingLog implements Log {
    private static final String MASK = "******";
    private final Log target;
    private final List<String> secrets;

    public MaskingLog(Log target, List<String> secrets) {
        this.target = Objects.requireNonNull(target);
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    public String mask(String message) {
        String masked = message == null ? "" : message;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    public boolean isDebugEnabled() { return target.isDebugEnabled(); }
    public void debug(String message) { target.debug(mask(message)); }
    public void info(String message) { target.info(mask(message)); }
    public void warn(String message) { target.warn(mask(message)); }
    public void error(String message) { target.error(mask(message)); }
}
