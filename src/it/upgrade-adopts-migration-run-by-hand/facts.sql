SELECT 'history ' || version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || decision || ' ' || coalesce(object, '-') FROM flyway_schema_history_audit ORDER BY id;
SELECT 'status ' || string_agg(status::text, ',' ORDER BY id) FROM orders;
SELECT 'table ' || c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
SELECT 'probe leftovers ' || count(*) FROM pg_namespace WHERE nspname LIKE 'sg_probe%';
SELECT 'shadow leftovers ' || count(*) FROM pg_database WHERE datname LIKE 'sg_shadow%';
