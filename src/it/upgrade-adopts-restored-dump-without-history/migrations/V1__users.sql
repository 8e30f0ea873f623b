CREATE TABLE users (id int PRIMARY KEY, email text);
INSERT INTO users VALUES (1, 'seed@example.com');
