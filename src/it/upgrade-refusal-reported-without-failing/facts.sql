SELECT 'table ' || c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'communication_threads' ORDER BY 1;
SELECT 'column ' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'communication_threads' ORDER BY ordinal_position;
SELECT 'history ' || version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || coalesce(statement_number::text, '-') || ' ' || decision || ' ' || coalesce(object, '-') FROM flyway_schema_history_audit ORDER BY id;
SELECT 'probe leftovers ' || count(*) FROM pg_namespace WHERE nspname LIKE 'sg_probe%';
