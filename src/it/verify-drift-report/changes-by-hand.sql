-- what someone did by hand after V51
DROP INDEX idx_communication_threads_status;
ALTER TABLE communication_threads ADD COLUMN priority integer;
ALTER TABLE communication_threads ALTER COLUMN subject TYPE text;
CREATE TABLE notes_by_hand (id integer PRIMARY KEY, body text);
