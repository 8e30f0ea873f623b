CREATE TABLE notes (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    body    text NOT NULL
);
CREATE INDEX notes_user_id_idx ON notes (user_id);
