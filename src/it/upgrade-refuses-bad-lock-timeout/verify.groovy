def log = new File(basedir, 'build.log').text
assert log.contains("lockTimeout must be a duration such as 10s, 500ms or 2min")
assert log.contains("not 'ten seconds'")
assert log.contains('BUILD FAILURE')
assert !log.contains('Cannot reach') : 'refused before connecting'
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
