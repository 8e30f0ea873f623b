-- The managed schemas themselves, and the extensions installed in them (by version).
SELECT 'SCHEMA', n.nspname, NULL, n.nspname, NULL, NULL
FROM pg_namespace n WHERE n.nspname = ANY (:schemas)
UNION ALL
SELECT 'EXTENSION', n.nspname, NULL, x.extname, 'version', x.extversion
FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
WHERE n.nspname = ANY (:schemas)
