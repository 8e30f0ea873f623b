# Usage: python3 bench/goal_log_phases.py SERVER_LOG   (the log GoalProfile copies when given a file name: log_min_duration_statement=0,
# log_connections); per goal: connections, server time and statements by kind on the target and the shadow, snapshots, timeline.
# Server log (log_min_duration_statement=0, log_connections) of GoalProfile: per goal window, statement time by category.
import re, sys, collections
line_re = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC:(\d+):([^:]*):(LOG|DETAIL|ERROR|WARNING|NOTICE|STATEMENT|HINT|CONTEXT):\s+(.*)$')
dur_re = re.compile(r'duration: ([\d.]+) ms\s+(?:(parse|bind|execute) [^:]*|statement): (.*)', re.S)
def ts(s):
    h,m,sec = s.split(' ')[1].split(':'); return (int(h)*3600+int(m)*60+float(sec))*1000
entries=[]; cur=None
for raw in open(sys.argv[1], errors='replace'):
    m=line_re.match(raw)
    if m:
        cur=[ts(m.group(1)), int(m.group(2)), m.group(3), m.group(4), m.group(5)]; entries.append(cur)
    elif cur is not None: cur[4]+= '\n'+raw.rstrip('\n')
def cat(text):
    t=text.lstrip()
    u=t[:200].upper()
    if 'CREATE DATABASE' in u: return 'createdb'
    if 'DROP DATABASE' in u: return 'dropdb'
    if 'COMMENT ON DATABASE' in u: return 'createdb'
    if 'sg_catalog_' in t or "set_config('search_path', 'pg_catalog'" in t or 'SAVEPOINT sg_catalog' in t: return 'snapshot'
    if re.search(r'INSERT INTO\s+\S*(flyway_schema_history|_audit)', t, re.I) or re.search(r'(UPDATE|DELETE FROM)\s+\S*flyway_schema_history', t, re.I): return 'history-write'
    if re.match(r'(CREATE|ALTER|COMMENT|DROP|GRANT|REVOKE|INSERT|UPDATE|DELETE)\b', t, re.I) and 'flyway_schema_history' not in t and '_audit' not in t: return 'migration-sql'
    return 'other'
goals=[]; i=0
while i < len(entries):
    e=entries[i]
    mm=re.search(r"goal-start (\S+)'", e[4])
    if mm and 'execute' in e[4]:
        name=mm.group(1); j=i
        while j < len(entries) and not (("goal-end "+name) in entries[j][4]): j+=1
        goals.append((name, entries[i:j], e[0], entries[j][0] if j<len(entries) else None)); i=j
    i+=1
for name, es, t0, t1 in goals:
    target=name
    agg=collections.defaultdict(lambda:[0.0,0]); sessions=collections.Counter(); pids={}
    marks={}; snaps=collections.Counter(); snapstart={}; snapcost=collections.defaultdict(list)
    for t,pid,db,kind,text in es:
        if text.startswith('connection authorized'):
            k='target' if db==target else ('shadow' if db.startswith('sg_shadow') else db); sessions[k]+=1; pids[pid]=k
        dm=dur_re.match(text)
        if not dm: continue
        d=float(dm.group(1)); c=cat(dm.group(3))
        k='target' if db==target else ('shadow' if db.startswith('sg_shadow') else db)
        a=agg[(k,c)]; a[0]+=d; a[1]+= (1 if dm.group(2) in (None,'execute') else 0)
        if c in('createdb','dropdb'):
            marks.setdefault(c+'-start', t-d); marks[c+'-end']=t
        if k=='shadow':
            marks.setdefault('shadow-first', t-d); marks['shadow-last']=t
        if k in ('shadow','target'): marks['last']=t
        if c=='snapshot' and "set_config('search_path', 'pg_catalog'" in dm.group(3) and dm.group(2) in (None,'execute'):
            snaps[k]+=1; snapstart[pid]=t-d
        if c=='snapshot' and dm.group(2) is None and 'EXECUTE' in dm.group(3):
            snapcost[k].append(round(t-snapstart.get(pid,t-d)))
    print(f"== {name}  window {t1-t0:.0f} ms  sessions {dict(sessions)}")
    for (k,c),(d,n) in sorted(agg.items()):
        if k=='postgres': continue
        print(f"   {k:7s} {c:14s} {d:9.1f} ms  {n:6d} stmts")
    print('   snapshots', dict(snaps), 'wall per snapshot (ms)', dict(snapcost))
    if marks:
        print('   timeline (ms from goal start): '+', '.join(f"{k} {v-t0:.0f}" for k,v in sorted(marks.items(), key=lambda kv: kv[1])))
