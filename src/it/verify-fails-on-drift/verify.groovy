def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /index idx_communication_threads_status on public.communication_threads\s+expected CREATE INDEX ON public.communication_threads USING btree \(status, updated_at DESC\)\s+found \(missing\)/
assert log.contains('Drift: 1 missing, 0 extra, 0 different, 0 history problems (schema public at version 51). Reconcile the database with the migrations')
assert log.contains('-Dschema.failOnDrift=false')
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
