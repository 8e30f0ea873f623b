CREATE TABLE IF NOT EXISTS notes (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    body    text NOT NULL
);
