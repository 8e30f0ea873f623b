def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def info = new File(basedir, 'target/info.txt').text
// the dry run says what it would change, in the order Flyway's repair makes the changes
assert log.contains('would be removed failed row: the history row of the failed run of version 3 (V3__create_notes.sql) is removed')
assert log.contains('would be marked deleted: version 2 (V2__create_old_thing.sql) has no file any more')
assert log =~ /would be realigned with its file: version 1 \(V1__create_users.sql\): checksum 12345 -> -?\d+/
assert log.contains('Dry run: would make 3 changes to "public"."flyway_schema_history"; nothing was changed.')
assert log.contains('Repaired "public"."flyway_schema_history": 3 changes, each recorded in the audit table.')
assert log.contains('The history is valid')
// migrate is upgrade under Flyway's name: V3 runs again, its failed row gone
assert log =~ /applied +V3__create_notes.sql/
assert facts.findAll { it.startsWith('history ') } == ['history 1 SQL true', 'history 2 SQL true', 'history 2 DELETE true', 'history 3 SQL true']
assert facts.findAll { it.startsWith('audit ') }.collect { it.split(' ')[0..2].join(' ') } ==
        ['audit 3 repaired', 'audit 2 repaired', 'audit 1 repaired']
assert facts.contains('table notes')
// info is history under Flyway's name
assert info =~ /2 +\| create old thing +\| SQL +\| deleted/
assert info =~ /3 +\| create notes +\| SQL +\| applied/
