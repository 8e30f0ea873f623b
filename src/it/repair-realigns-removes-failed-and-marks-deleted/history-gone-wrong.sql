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
-- a history gone wrong: V1's file was edited after it ran, V2's file was deleted, V3 failed half way
INSERT INTO public.flyway_schema_history VALUES
    (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 12345, 'postgres', now(), 5, true),
    (2, '2', 'create old thing', 'SQL', 'V2__create_old_thing.sql', 777, 'postgres', now(), 5, true),
    (3, '3', 'create notes', 'SQL', 'V3__create_notes.sql', 888, 'postgres', now(), 5, false);
CREATE TABLE users (
    id    integer PRIMARY KEY,
    email varchar(255) NOT NULL
);
