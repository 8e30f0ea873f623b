package io.schemaguard.output;

/**
 * The user's database or input is wrong (refusal, bad URL, wrong password, SQL error in a
 * migration…): the message is complete — what, where, why, what to do — and is shown as it is.
 * Anything else thrown by the engine means something broke.
 */
public class SchemaFailure extends RuntimeException {
    public SchemaFailure(String message) {
        super(message);
    }

    public SchemaFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
