
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert facts.contains('probe leftovers 0')
assert facts.findAll { it.startsWith('history ') } == ['history 50 true', 'history 51 true']

assert log.contains('completed V51__create_communication_tables.sql')
assert log.contains('V51__create_communication_tables.sql, statement 1: table public.communication_threads already exists and is identical: skipped')
assert history.migrations.find { it.version == '51' }.state == 'completed'
def indexes = facts.findAll { it.startsWith('index ') }
assert indexes.size() == 4 : indexes
assert indexes.any { it.contains('idx_communication_threads_status ON public.communication_threads USING btree (status, updated_at DESC)') }
assert facts.findAll { it.startsWith('audit ') } == [
    'audit 51 1 skipped table public.communication_threads',
    'audit 51 - completed -']
