-- Row level security policies, objects of their table: command, permissive or restrictive, roles
-- (sorted: the order they were written in changes nothing), USING and WITH CHECK.
SELECT 'POLICY', n.nspname, c.relname, pol.polname, facet.subject, facet.value
FROM pg_policy pol
JOIN pg_class c ON c.oid = pol.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (VALUES
    (1, 'command', CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END),
    (2, 'as', CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END),
    (3, 'to', (SELECT string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE quote_ident(a.rolname) END, ', '
                                 ORDER BY r.oid <> 0, a.rolname)
               FROM unnest(pol.polroles) r(oid) LEFT JOIN pg_roles a ON a.oid = r.oid)),
    (4, 'using', pg_get_expr(pol.polqual, pol.polrelid)),
    (5, 'with check', pg_get_expr(pol.polwithcheck, pol.polrelid))
) facet(position, subject, value)
WHERE facet.value IS NOT NULL
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND (c.relname = ANY (:names) OR pol.polname = ANY (:names)) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, pol.polname, facet.position
