CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE
);
