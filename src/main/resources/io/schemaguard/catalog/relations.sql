-- Every table, view, materialized view and sequence (so that a table without columns still exists), with
-- what changes its behaviour: a table's kind (unlogged, partitioned) and partition key, its parent and
-- bounds as a partition, its inheritance parents, its row type, row level security, storage parameters
-- (its TOAST table's as toast.*); a view's definition and options; a sequence's definition. Storage
-- parameters are compared by value, sorted: fillfactor=70 and FILLFACTOR = '70', on and true, are one.
-- By name (a probe), the sequences the named tables own come too: CREATE TABLE builds a serial's sequence.
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
       n.nspname, NULL, c.relname, facet.subject, facet.value
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT string_agg(o.name || '=' || o.value, ', ' ORDER BY o.name) AS options
    FROM (SELECT x.prefix || lower(split_part(x.option, '=', 1)) AS name,
                 :storage_option_value AS value
          FROM (SELECT '' AS prefix, unnest(c.reloptions) AS option
                UNION ALL
                SELECT 'toast.', unnest(tc.reloptions) FROM pg_class tc WHERE tc.oid = c.reltoastrelid) x
          CROSS JOIN LATERAL (SELECT substr(x.option, strpos(x.option, '=') + 1) AS raw) v) o
    -- a view's security_barrier and security_invoker are off unless set: set off is the same view
    WHERE NOT (o.value = 'false' AND o.name IN ('security_barrier', 'security_invoker'))
) opts
CROSS JOIN LATERAL (
    SELECT 0 AS position, 'kind' AS subject,
           CASE WHEN c.relpersistence = 'u' THEN 'unlogged ' ELSE '' END || CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS value
    WHERE c.relkind IN ('r', 'p')
    UNION ALL
    SELECT 0, 'definition', pg_get_viewdef(c.oid, true) WHERE c.relkind IN ('v', 'm')
    UNION ALL
    SELECT 0, 'definition', 'AS ' || format_type(s.seqtypid, NULL) || ' START ' || s.seqstart || ' INCREMENT ' || s.seqincrement
                            || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache
                            || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END
                            || COALESCE((SELECT ' OWNED BY ' || quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(ta.attname)
                                         FROM pg_depend dep
                                         JOIN pg_class t ON t.oid = dep.refobjid
                                         JOIN pg_namespace tn ON tn.oid = t.relnamespace
                                         JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attnum = dep.refobjsubid
                                         WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'a'
                                           AND dep.refclassid = 'pg_class'::regclass), '')
    FROM pg_sequence s WHERE c.relkind = 'S' AND s.seqrelid = c.oid
    UNION ALL
    SELECT 1, 'partition key', pg_get_partkeydef(c.oid) WHERE c.relkind = 'p'
    UNION ALL
    -- inhdetachpending (PostgreSQL 14+) read through jsonb, so the query runs on 13 too
    SELECT 2, 'partition of', quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) || ' ' || pg_get_expr(c.relpartbound, c.oid)
                              || CASE WHEN (to_jsonb(i) ->> 'inhdetachpending')::boolean THEN ' (detach pending)' ELSE '' END
    FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
    WHERE c.relispartition AND i.inhrelid = c.oid
    UNION ALL
    SELECT 3, 'inherits', string_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname), ', ' ORDER BY i.inhseqno)
    FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
    WHERE NOT c.relispartition AND c.relkind IN ('r', 'p') AND i.inhrelid = c.oid
    HAVING count(*) > 0
    UNION ALL
    SELECT 4, 'of type', format_type(c.reloftype, NULL) WHERE c.reloftype <> 0
    UNION ALL
    SELECT 5, 'row level security', concat_ws(', ', CASE WHEN c.relrowsecurity THEN 'enabled' END, CASE WHEN c.relforcerowsecurity THEN 'forced' END)
    WHERE c.relrowsecurity OR c.relforcerowsecurity
    UNION ALL
    SELECT 6, CASE WHEN c.relkind = 'v' THEN 'options' ELSE 'storage parameters' END, opts.options WHERE opts.options IS NOT NULL
) facet
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND c.oid IN (SELECT x.oid FROM pg_class x WHERE x.relname = ANY (:names) UNION ALL SELECT od.objid FROM pg_depend od JOIN pg_class ot ON ot.oid = od.refobjid JOIN pg_class os ON os.oid = od.objid WHERE os.relkind = 'S' AND od.classid = 'pg_class'::regclass AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'a' AND ot.relname = ANY (:names)) -- only when names are given
  -- extension members, and identity sequences (their column describes them); objsubid 0: a partition key column depends on its table too
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.objsubid = 0 AND e.deptype IN ('e', 'i'))
  -- sequences owned by an excluded table (the audit table's id) are excluded with it
  AND NOT EXISTS (SELECT 1 FROM pg_depend o JOIN pg_class ot ON ot.oid = o.refobjid JOIN pg_namespace otn ON otn.oid = ot.relnamespace
                  WHERE c.relkind = 'S' AND o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.deptype = 'a'
                    AND otn.nspname || '.' || ot.relname = ANY (:excluded))
ORDER BY n.nspname, c.relname, facet.position
