// A comment made by hand is reported, not drift, by default; -Dschema.compare=strict makes it drift.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /comment\s+expected \(none\)\s+found 'made by hand'/
assert log.contains('Drift: 0 missing, 1 extra, 0 different, 0 history problems (schema public at version 51).')
assert !log.contains('Reported, not compared') : 'strict: the comment is a difference, not a reported fact'
