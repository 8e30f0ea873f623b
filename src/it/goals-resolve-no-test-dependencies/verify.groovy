def log = new File(basedir, 'build.log').text
assert !log.contains('io.schemaguard.it.unpublished') : 'no goal tried to resolve the test-scoped dependency'
assert log.contains('Upgraded from an empty history to version 51.')
assert log.contains('No drift: 0 missing, 0 extra, 0 different, 0 history problems (schema public at version 51).')
assert log.contains('BUILD SUCCESS')
