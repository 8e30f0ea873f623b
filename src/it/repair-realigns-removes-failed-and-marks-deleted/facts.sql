SELECT 'history ' || version || ' ' || type || ' ' || success FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || decision || ' ' || detail FROM flyway_schema_history_audit ORDER BY id;
SELECT 'table ' || c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
