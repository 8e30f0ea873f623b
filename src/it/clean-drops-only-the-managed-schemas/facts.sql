SELECT 'app ' || c.relname FROM pg_class c WHERE c.relnamespace = 'app'::regnamespace ORDER BY 1;
SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname IN ('app', 'app_extra', 'other') ORDER BY 1;
SELECT 'kept ' || c.oid::regclass FROM pg_class c WHERE c.oid IN (to_regclass('other.kept'), to_regclass('public.not_managed')) ORDER BY 1;
SELECT 'audit ' || decision FROM app.flyway_schema_history_audit ORDER BY id;
