-- A copy of the application's database, restored from a dump: its history says V50, and a hot-fix
-- created V51's table and indexes by hand, exactly as V51 builds them.
CREATE SCHEMA hotfix_identical;
SET search_path TO hotfix_identical;

CREATE TABLE flyway_schema_history (
    installed_rank integer NOT NULL,
    version        varchar(50),
    description    varchar(200) NOT NULL,
    type           varchar(20) NOT NULL,
    script         varchar(1000) NOT NULL,
    checksum       integer,
    installed_by   varchar(100) NOT NULL,
    installed_on   timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success        boolean NOT NULL
);
ALTER TABLE ONLY flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);
CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history USING btree (success);
INSERT INTO flyway_schema_history VALUES
    (1, '50', 'create users and contacts', 'SQL', 'V50__create_users_and_contacts.sql', 1335336872, 'postgres', now(), 12, true);

-- V50's tables
CREATE TABLE users (
    id    uuid PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE
);
CREATE TABLE crm_contacts (
    id   uuid PRIMARY KEY,
    name varchar(200) NOT NULL
);

-- the hot-fix: V51's table, by hand, identical
CREATE TABLE communication_threads (
    id                  uuid PRIMARY KEY,
    contact_id          uuid NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    subject             varchar(200) NOT NULL,
    status              varchar(20) NOT NULL DEFAULT 'open',
    unread_count        integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_communication_threads_contact ON communication_threads (contact_id);
CREATE INDEX idx_communication_threads_responsible ON communication_threads (responsible_user_id);
CREATE INDEX idx_communication_threads_status ON communication_threads (status, updated_at DESC);

RESET search_path;
