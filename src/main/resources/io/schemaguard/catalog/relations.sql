-- Every table, view, materialized view and sequence (so that a table without columns still exists),
-- with the definition of views and sequences.
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
       n.nspname, NULL, c.relname,
       CASE WHEN c.relkind IN ('r', 'p') THEN 'kind' ELSE 'definition' END,
       CASE c.relkind
           WHEN 'r' THEN 'table'
           WHEN 'p' THEN 'partitioned table ' || pg_get_partkeydef(c.oid)
           WHEN 'S' THEN (SELECT 'AS ' || format_type(s.seqtypid, NULL) || ' START ' || s.seqstart || ' INCREMENT ' || s.seqincrement
                                 || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache
                                 || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END
                                 || COALESCE((SELECT ' OWNED BY ' || quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(ta.attname)
                                              FROM pg_depend dep
                                              JOIN pg_class t ON t.oid = dep.refobjid
                                              JOIN pg_namespace tn ON tn.oid = t.relnamespace
                                              JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attnum = dep.refobjsubid
                                              WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'a'
                                                AND dep.refclassid = 'pg_class'::regclass), '')
                          FROM pg_sequence s WHERE s.seqrelid = c.oid)
           ELSE pg_get_viewdef(c.oid, true)
       END
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND c.relname = ANY (:names) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype IN ('e', 'i'))
  -- sequences owned by an excluded table (the audit table's id) are excluded with it
  AND NOT EXISTS (SELECT 1 FROM pg_depend o JOIN pg_class ot ON ot.oid = o.refobjid JOIN pg_namespace otn ON otn.oid = ot.relnamespace
                  WHERE c.relkind = 'S' AND o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.deptype = 'a'
                    AND otn.nspname || '.' || ot.relname = ANY (:excluded))
ORDER BY n.nspname, c.relname
