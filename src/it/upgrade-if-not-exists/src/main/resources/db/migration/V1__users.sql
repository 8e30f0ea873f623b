CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX IF NOT EXISTS idx_users_email ON users (lower(email));
