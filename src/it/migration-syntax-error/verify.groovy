
def log = new File(basedir, 'build.log').text
assert log.contains('Migrating schema "public" to version "1 - create users"')
assert log.contains('V2__broken.sql, line 4: the statement failed (SQLSTATE 42601)')
assert log.contains('statement: CREATE TABLEE broken (id int)')
assert log.contains('The migration was rolled back and no history row was written.')
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
