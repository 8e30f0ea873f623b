
def log = new File(basedir, 'build.log').text
assert log.contains("Authentication failed for user 'app_user' at jdbc:postgresql://127.0.0.1:")
assert log.contains('(SQLSTATE 28P01)')
assert log.contains('Check the user and password')
assert log.contains('BUILD FAILURE')
assert !log.contains('Wr0ng-Passw0rd') && !log.contains('right-password')
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
