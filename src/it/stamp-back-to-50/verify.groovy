def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert log.contains('unstamped V51__create_communication_tables.sql')
assert log.contains('Moved the history from version 51 down to 50 (1 migration). The schema is untouched')
assert log.contains('mvn schema:downgrade -Dschema.target=50')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true']
assert facts.contains('table communication_threads') : 'the table is kept'
assert history.migrations.find { it.version == '51' }.state == 'pending'
