-- Another copy of the application's database: its history says V50 too, but here the hot-fix created
-- V51's table differently from V51: `status` is a nullable text, `unread_count` is missing, no indexes.
CREATE SCHEMA hotfix_different;
SET search_path TO hotfix_different;

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

-- the hot-fix: V51's table, by hand, different
CREATE TABLE communication_threads (
    id                  uuid PRIMARY KEY,
    contact_id          uuid NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    subject             varchar(200) NOT NULL,
    status              text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

RESET search_path;
