SELECT 'relation ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i') ORDER BY 1;
SELECT 'history ' || version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || script || ' ' || decision FROM flyway_schema_history_audit ORDER BY id;
