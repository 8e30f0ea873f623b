CREATE TABLE users (
    id    uuid PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE
);

CREATE TABLE crm_contacts (
    id   uuid PRIMARY KEY,
    name varchar(200) NOT NULL
);
