SELECT 'history ' || coalesce(version, 'R') || ' ' || success FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || decision FROM flyway_schema_history_audit WHERE statement_number IS NULL ORDER BY id;
SELECT 'table ' || c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
