-- Functions and procedures: identity by argument types, compared by their whole definition
-- (arguments, result, language, volatility, strictness, security, body) without their own name.
-- A range type's constructors are the type's (internal dependency), compared with it.
SELECT 'FUNCTION', n.nspname, NULL, p.proname || '(' || oidvectortypes(p.proargtypes) || ')',
       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
       substr(pg_get_functiondef(p.oid), strpos(pg_get_functiondef(p.oid), '('))
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'w')
  AND n.nspname = ANY (:schemas)
  AND p.proname = ANY (:names) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, oidvectortypes(p.proargtypes)
