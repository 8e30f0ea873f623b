
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))

// Statement 1 alone builds a nullable column; the migration ends with NOT NULL, which is what the database holds.
assert log.contains('V2__add_order_status.sql: statement 1 (line 1): column status on public.orders already exists and differs from what this statement builds; judged on the whole migration instead')
assert log.contains('the database holds exactly what it builds: adopted')
assert log.contains('V2__add_order_status.sql, statement 2 (line 2): UPDATE was not run')
assert log.contains('adopted   V2__add_order_status.sql')
assert log.contains('applied   V3__create_invoices.sql')
assert log.contains('Upgraded from version 1 to version 3.')

assert facts.findAll { it.startsWith('history ') } == ['history 1 true', 'history 2 true', 'history 3 true']
assert facts.findAll { it.startsWith('audit ') } == ['audit 2 adopted table public.orders', 'audit 2 adopted -']
assert facts.contains('status 1,1') : 'the data change made by hand stays: the adopted UPDATE did not run'
assert facts.contains('table invoices')
assert facts.contains('probe leftovers 0')
assert facts.contains('shadow leftovers 0')
assert history.migrations.find { it.version == '2' }.state == 'adopted'
assert history.migrations.find { it.version == '3' }.state == 'applied'
