
def secret = 'Plain-Secret-7Qx!pw'
def log = new File(basedir, 'build.log').text
// the build really ran every goal, with debug output, against a server that required the password
assert log.contains('[DEBUG]') : 'the build ran with -X'
assert log.contains('(user app_owner, password required)')
assert log.contains('applied   V2__create_orders.sql')
assert log.contains('[INFO] Current version: 2 (create orders)')
assert log =~ /\[INFO\] 2\s+\| create orders\s+\| SQL\s+\| applied/
assert log.contains('No drift: 0 missing, 0 extra, 0 different, 0 history problems')
assert log.contains('unstamped V2__create_orders.sql')
assert log.contains('stamped  V2__create_orders.sql')
assert log.contains('undone    V2__create_orders.sql by U2__create_orders.sql')
assert log.contains('Embedded PostgreSQL stopped.')
assert log.contains('BUILD SUCCESS')
def json = new File(basedir, 'target/history.json').text
assert json.contains('"current": "2"')
// ... and the password is nowhere
assert !log.contains(secret) : 'the password appears in build.log'
assert !json.contains(secret)
def drift = new File(basedir, 'target/drift.json').text
assert drift.contains('"drift": false')
assert !drift.contains(secret)
