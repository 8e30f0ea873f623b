
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert facts.contains('probe leftovers 0')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']

assert log.contains('adopted   V51__create_communication_tables.sql')
assert log.contains('note: ') && log.toLowerCase().contains('column order')
assert history.migrations.find { it.version == '51' }.state == 'adopted'
assert facts.findAll { it.startsWith('column ') }.first() == 'column subject character varying' : 'the table was left as it was'
