-- placeholders use the prefix and suffix of the pom here; ${...} is text like any other
CREATE TABLE accounts (
    id     integer PRIMARY KEY,
    owner  text NOT NULL DEFAULT '#[appOwner]',
    region text NOT NULL DEFAULT '#[region]'
);
COMMENT ON COLUMN accounts.id IS 'kept as written: ${not_a_placeholder}';
