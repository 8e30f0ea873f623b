SELECT 'history ' || version || ' ' || type || ' ' || description FROM flyway_schema_history ORDER BY installed_rank;
SELECT 'audit ' || version || ' ' || decision FROM flyway_schema_history_audit WHERE statement_number IS NULL ORDER BY id;
