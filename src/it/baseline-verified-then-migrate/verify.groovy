def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
assert log.contains('Expected schema at version 50: migrations replayed on ')
assert log.contains('covered  V50__create_users_and_contacts.sql')
assert log.contains('Recorded the baseline at version 50 (before migrations; 1 migration at or below it, verified).')
assert log =~ /applied +V51__create_communication_tables.sql/
assert facts.findAll { it.startsWith('history ') } == ['history 50 BASELINE before migrations', 'history 51 SQL create communication tables']
assert facts.findAll { it.startsWith('audit ') } == ['audit 50 baselined']
