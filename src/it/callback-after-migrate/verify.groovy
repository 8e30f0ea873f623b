def log = new File(basedir, 'build.log').text
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history-after-stamp.json'))
def clean = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/verify-clean.json'))
def drift = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/drift.json'))
assert log.contains('BUILD SUCCESS')

// the stamp of the hand-built database: recorded, the callback's table a note, not a blocker
assert log.contains('note: table public.audit_log (built by afterMigrate.sql) is not in the database: a stamp runs no callback;'
        + ' the next upgrade runs afterMigrate.sql.')
assert log.contains('stamped  V1__accounts.sql')
assert log.contains('Recorded version 1 (1 migration, verified).')
assert history.migrations.find { it.version == '1' }.state == 'stamped'

// the upgrade ran the callback, and verify expects exactly what it left
assert clean.drift == false
assert clean.summary == [missing: 0, extra: 0, different: 0, historyProblems: 0]

// the callback's table changed by hand: reported, naming the callback
assert log =~ /\[INFO\] table public\.audit_log\s*\n\[INFO\]\s+column what\s+expected text NOT NULL\s+found text NULL\s*\n\[INFO\]\s+built by afterMigrate\.sql/
assert log.contains('[WARNING] Drift: 0 missing, 0 extra, 1 different, 0 history problems (schema public at version 1).')
assert drift.drift == true
assert drift.objects*.object == ['table public.audit_log']
assert drift.builtBy == ['table public.audit_log': ['afterMigrate.sql']]
