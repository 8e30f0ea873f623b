
def secret = 'Plain-Secret-7Qx!pw'
def urlSecrets = ['Url-Secret-9Zk', 'Userinfo-Secret-4Hq', 'Shadow-Secret-2Wm']
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
// the URLs with a password were each refused, the command line's over the execution's <url>
assert log.contains('The database URL (url, -Dschema.url) carries a password= parameter.')
assert log.contains('The database URL (url, -Dschema.url) carries credentials before the host (user:password@host)')
assert !log.contains('from-the-pom/app') && !log.contains('127.0.0.1:1/from-the-pom:') : 'the command line won over <url>'
assert log.contains('The shadow database URL (shadowUrl, -Dschema.shadowUrl) carries a password= parameter.')
assert !log.contains('Cannot reach the PostgreSQL server') : 'refused before connecting'
assert log.contains('Use <serverId>') || log.contains('with <serverId>')
// ... and no password is anywhere
assert !log.contains(secret) : 'the password appears in build.log'
urlSecrets.each { assert !log.contains(it) : "${it} appears in build.log" }
assert !json.contains(secret)
def drift = new File(basedir, 'target/drift.json').text
assert drift.contains('"drift": false')
assert !drift.contains(secret)
