def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert log.contains('stamped  V50__create_users_and_contacts.sql')
assert log.contains('stamped  V51__create_communication_tables.sql')
assert log.contains('Recorded version 51 (2 migrations, verified).')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']
assert facts.findAll { it.startsWith('audit ') } == ['audit 50 stamped', 'audit 51 stamped']
assert history.migrations*.state == ['stamped', 'stamped']
