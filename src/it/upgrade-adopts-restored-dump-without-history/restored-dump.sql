-- A dump of a database at version 2, restored without its history table: V1 created users, V2 altered it.
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, name varchar(80));
INSERT INTO users VALUES (2, 'restored@example.com', 'Restored');
