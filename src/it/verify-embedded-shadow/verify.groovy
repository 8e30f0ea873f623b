def log = new File(basedir, 'build.log').text
assert log.contains('Embedded PostgreSQL 18.6.0 started: ') && log.contains('(user app)')
assert log.contains("replayed on an embedded PostgreSQL 18 (the target's user may not create databases).")
assert log.contains('No drift: 0 missing, 0 extra, 0 different, 0 history problems (schema public at version 51).')
assert log.contains('BUILD SUCCESS')
