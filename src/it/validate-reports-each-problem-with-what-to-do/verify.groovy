def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('Validation of the history against the migration files found 3 problems:')
assert log.contains('version 1 (V1__create_users.sql): checksum mismatch: the file changed after it was applied')
assert log.contains('run mvn schema:repair to record the file\'s checksum')
assert log.contains('version 1.5 (V1_5__create_gone.sql): applied, but its file is gone')
assert log.contains('run mvn schema:repair to mark it deleted')
assert log.contains('version 2 (V2__create_late.sql): not applied, and below the current version: added after higher versions were applied (out of order)')
assert log.contains('<outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)')
assert !log.contains('run repair')
assert !(log =~ /[^.]-outOfOrder=true/)
// fast: no shadow database, no replay
assert !log.contains('replayed on')
