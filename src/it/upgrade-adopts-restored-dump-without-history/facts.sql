SELECT 'history ' || version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || coalesce(statement_number::text, '-') || ' ' || decision FROM flyway_schema_history_audit ORDER BY id;
SELECT 'user ' || id || ' ' || email FROM users ORDER BY id;
SELECT 'table ' || c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
