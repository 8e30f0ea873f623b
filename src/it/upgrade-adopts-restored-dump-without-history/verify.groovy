// A dump restored without its history: V1 created users, V2 altered it. Adopted up to V2 in one replay, V3 applied.
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert log.contains('BUILD SUCCESS')
assert log.contains('The database holds what the migrations up to version 2 build')
assert log.contains('adopted   V1__users.sql')
assert log.contains('adopted   V2__users_email_required.sql')
assert log.contains('applied   V3__orders.sql')
assert log =~ /V1__users\.sql, statement 2 \(line 2\): INSERT was not run/
assert facts.findAll { it.startsWith('history ') } == ['history 1 true', 'history 2 true', 'history 3 true']
assert facts.findAll { it.startsWith('audit ') } == ['audit 1 - adopted', 'audit 2 - adopted'] : 'one row per migration: no statement was probed'
assert facts.findAll { it.startsWith('user ') } == ['user 2 restored@example.com'] : "V1's seed row was not inserted into the restored data"
assert facts.contains('table orders')
assert history.migrations*.state == ['adopted', 'adopted', 'applied']
