-- a restored dump: the history says V50
CREATE TABLE public.flyway_schema_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);
ALTER TABLE ONLY public.flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);
CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history USING btree (success);
INSERT INTO public.flyway_schema_history VALUES
    (1, '50', 'create users and contacts', 'SQL', 'V50__create_users_and_contacts.sql', 1335336872, 'postgres', now(), 12, true);

CREATE TABLE users (
    id    uuid PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE
);
CREATE TABLE crm_contacts (
    id   uuid PRIMARY KEY,
    name varchar(200) NOT NULL
);
