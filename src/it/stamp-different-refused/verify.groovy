def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('Cannot stamp version 51: the database does not hold what the migrations up to 51 build:')
assert log.contains('table public.communication_threads (built by V51__create_communication_tables.sql)')
assert log =~ /column status\s+expected varchar\(20\) NOT NULL DEFAULT 'open'\s+found text NULL/
assert log =~ /column unread_count\s+expected integer NOT NULL DEFAULT 0\s+found \(missing\)/
assert log.contains('index idx_communication_threads_status on public.communication_threads (built by V51__create_communication_tables.sql)'
        + '  expected CREATE INDEX ON public.communication_threads USING btree (status, updated_at DESC)  found (missing)')
assert log.contains('Nothing was recorded.')
assert log.contains('mvn schema:stamp -Dschema.version=51 -Dschema.force=true')
assert !log.contains('Recorded version')
