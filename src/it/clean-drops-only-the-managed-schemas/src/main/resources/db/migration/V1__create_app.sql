CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id serial PRIMARY KEY, mood mood);
CREATE VIEW user_moods AS SELECT mood FROM users;
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
CREATE TABLE app_extra.events (id integer);
