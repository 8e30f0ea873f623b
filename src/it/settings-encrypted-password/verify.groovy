
def log = new File(basedir, 'build.log').text
assert log.contains('(user app_user, password required)') : 'start created app_user and required a password'
assert log.contains('applied   V1__create_users.sql')
assert log.contains('[INFO] Current version: 1 (create users)')
assert log.contains('[DEBUG]') : 'the build ran with -X'
assert !log.contains('Pa55-from-settings') : 'the decrypted password never appears, even with -X'
