-- Flyway runs this after every migrate: the audit table the application writes to
CREATE TABLE IF NOT EXISTS audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    happened timestamptz NOT NULL DEFAULT now(),
    what text NOT NULL
);
