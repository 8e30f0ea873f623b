def log = new File(basedir, 'build.log').text
// Maven reads the project's dependency graph (and warns that the POM is missing); no goal resolves the test-scoped artifact
assert !log.contains('Could not resolve dependencies')
assert log.contains('Upgraded from an empty history to version 51.')
assert log.contains('No drift: 0 missing, 0 extra, 0 different, 0 history problems (schema public at version 51).')
assert log.contains('BUILD SUCCESS')
