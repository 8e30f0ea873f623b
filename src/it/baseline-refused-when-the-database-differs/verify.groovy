def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('Cannot baseline at version 51: the database does not hold what the migrations up to 51 build:')
assert log.contains('table public.communication_threads (built by V51__create_communication_tables.sql)')
assert log =~ /column unread_count\s+expected integer NOT NULL DEFAULT 0\s+found \(missing\)/
assert log.contains('Nothing was recorded.')
assert log.contains('mvn schema:baseline -Dschema.baselineVersion=51 -Dschema.force=true')
assert !log.contains('Recorded the baseline')
