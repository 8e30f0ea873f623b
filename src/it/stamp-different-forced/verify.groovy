def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert log =~ /\[WARNING\]\s+column status\s+expected varchar\(20\) NOT NULL DEFAULT 'open'\s+found text NULL/
assert log.contains('[WARNING] [1/1] forced   V51__create_communication_tables.sql')
assert log.contains('[WARNING] Recorded version 51 (1 migration, forced: what did not verify is listed above).')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']
assert facts.findAll { it.startsWith('audit ') } == ['audit 51 forced']
assert history.migrations.find { it.version == '51' }.state == 'forced'
