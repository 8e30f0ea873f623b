def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert log.contains('Expected schema at version 51: migrations replayed on a temporary database sg_shadow_')
assert log.contains('stamped  V51__create_communication_tables.sql')
assert log.contains('Recorded version 51 (1 migration, verified).')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']
assert facts.findAll { it.startsWith('audit ') } == ['audit 51 stamped']
assert history.migrations.find { it.version == '51' }.state == 'stamped'
