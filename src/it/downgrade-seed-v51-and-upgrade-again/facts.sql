SELECT 'relation ' || relname FROM pg_class WHERE relname LIKE '%communication_threads%' ORDER BY 1;
SELECT 'table ' || relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1;
SELECT 'history ' || version FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || script || ' ' || decision FROM flyway_schema_history_audit ORDER BY id;
