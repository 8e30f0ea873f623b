-- Triggers, by definition without their own name.
SELECT 'TRIGGER', n.nspname, c.relname, tg.tgname, 'definition',
       substr(pg_get_triggerdef(tg.oid), strpos(pg_get_triggerdef(tg.oid), ' ' || quote_ident(tg.tgname) || ' ')
                                         + length(quote_ident(tg.tgname)) + 2)
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND c.relname = ANY (:names) -- only when names are given
ORDER BY n.nspname, c.relname, tg.tgname
