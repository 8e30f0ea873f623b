def log = new File(basedir, 'build.log').text
assert log.contains("table 'x\" PRIMARY KEY (installed_rank);DROP TABLE orders;SELECT \$q\$;--' is not a plain identifier")
assert log.contains('Nothing was changed.')
assert !log.contains('Migrating schema') : 'refused before anything connected'
assert log.contains('BUILD FAILURE')
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
