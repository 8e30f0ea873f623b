
def log = new File(basedir, 'build.log').text
def order = ['schema-maven-plugin:' , ':start (start)', ':upgrade (upgrade)', ':history (history)', ':stop (stop)']
def positions = order.drop(1).collect { log.indexOf(it) }
assert positions.every { it >= 0 } : "every goal ran: ${positions}"
assert positions == positions.sort(false) : "start, upgrade (pre-integration-test), history (integration-test), stop ran in this order"
assert log.contains('applied   V1__create_users.sql')
assert log.contains('applied   V2__create_crm_contacts.sql')
assert log.contains('Upgraded from an empty history to version 2.')
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert history.current == '2'
assert history.migrations*.version == ['1', '2']
assert history.migrations*.state == ['applied', 'applied']
assert !new File(basedir, 'target/schema-postgres').exists() : 'stop deleted the data directory'
assert !new File(basedir, 'target/schema-postgres.log').exists() : 'and left no server log behind'
assert new File(basedir, 'target').list().sort() == ['history.json'] : 'nothing else of the server is left in target/'
