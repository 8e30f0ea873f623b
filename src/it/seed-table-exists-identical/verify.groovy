
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert facts.contains('probe leftovers 0')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']

assert log.contains('adopted   V51__create_communication_tables.sql')
(1..4).each { n -> assert log.contains("V51__create_communication_tables.sql, statement ${n}: ") }
assert history.migrations.find { it.version == '51' }.state == 'adopted'
assert history.migrations.find { it.version == '50' }.state == 'applied'
assert facts.findAll { it.startsWith('audit ') } == [
    'audit 51 1 skipped table public.communication_threads',
    'audit 51 2 skipped index idx_communication_threads_contact on public.communication_threads',
    'audit 51 3 skipped index idx_communication_threads_responsible on public.communication_threads',
    'audit 51 4 skipped index idx_communication_threads_status on public.communication_threads',
    'audit 51 - adopted -']
