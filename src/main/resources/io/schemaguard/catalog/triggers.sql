-- Triggers, by definition without their own name, and whether they fire (ALTER TABLE … DISABLE TRIGGER,
-- ENABLE REPLICA / ALWAYS TRIGGER).
SELECT 'TRIGGER', n.nspname, c.relname, tg.tgname, facet.subject, facet.value
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT 0 AS position, 'definition' AS subject,
           substr(pg_get_triggerdef(tg.oid), strpos(pg_get_triggerdef(tg.oid), ' ' || quote_ident(tg.tgname) || ' ')
                                             + length(quote_ident(tg.tgname)) + 2) AS value
    UNION ALL
    SELECT 1, 'state', CASE tg.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled replica'
                                         WHEN 'A' THEN 'enabled always' ELSE tg.tgenabled::text END
) facet
WHERE NOT tg.tgisinternal
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND c.relname = ANY (:names) -- only when names are given
ORDER BY n.nspname, c.relname, tg.tgname, facet.position
