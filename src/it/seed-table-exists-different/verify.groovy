
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('V51__create_communication_tables.sql, statement 1 (line 1): table public.communication_threads already exists and differs from what this statement builds:')
assert log =~ /column status\s+expected varchar\(20\) NOT NULL DEFAULT 'open'\s+found text NULL/
assert log =~ /column unread_count\s+expected integer NOT NULL DEFAULT 0\s+found \(missing\)/
assert log.contains('Nothing of V51 was applied.')
assert log.contains('mvn schema:stamp -Dschema.version=51 -Dschema.force=true')
assert !log.contains('adopted   V51')
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
