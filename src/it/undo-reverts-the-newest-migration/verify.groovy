def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
// migrate applied both; undo took back the newest one only, with its undo script
assert log =~ /\[INFO\] \[2\/2\] applied   V2__create_notes\.sql \(\d+ ms\)/
assert log.contains('[INFO] Upgraded from an empty history to version 2.')
assert log =~ /\[INFO\] \[1\/1\] undone    V2__create_notes\.sql by U2__create_notes\.sql \(\d+ ms\)/
assert log.contains('[INFO] Downgraded from version 2 to version 1.')
assert !log.contains('already gone') : 'every object U2 drops was there'
// the database after undo: V1's table, no trace of V2's; the history at V1; the audit table records the undo
assert ['relation users', 'relation users_email_key', 'relation users_pkey'].every { facts.contains(it) } : facts
assert !facts.any { it.startsWith('relation notes') } : 'V2\'s table and index are gone'
assert facts.findAll { it.startsWith('history ') } == ['history 1']
assert facts.findAll { it.startsWith('audit ') } == ['audit 2 V2__create_notes.sql undone']
