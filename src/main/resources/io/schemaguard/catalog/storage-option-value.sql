-- A storage parameter's value (v.raw) as PostgreSQL means it: numbers by value (0.10 = 0.1), booleans by
-- truth (on = true), words in lower case. Shared by the table, index and constraint queries.
CASE WHEN v.raw ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN trim_scale(v.raw::numeric)::text
     WHEN lower(v.raw) IN ('t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', 'f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'of', 'off')
     THEN lower(v.raw)::boolean::text
     ELSE lower(v.raw) END
