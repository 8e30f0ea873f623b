-- a database built by hand to what V1 builds, before migrations were used: no history, no callback ever ran
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE
);
