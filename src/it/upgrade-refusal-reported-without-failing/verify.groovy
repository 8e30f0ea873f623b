
// failOnRefusal=false: the real refusal is printed as warnings, nothing of V51 is applied, the build goes on
def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
def history = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))

assert log.contains('BUILD SUCCESS')
assert log.contains('[WARNING] V51__create_communication_tables.sql, statement 1 (line 1): table public.communication_threads already exists and differs from what this statement builds:')
assert log =~ /\[WARNING\]\s+column status\s+expected varchar\(20\) NOT NULL DEFAULT 'open'\s+found text NULL/
assert log =~ /\[WARNING\]\s+column unread_count\s+expected integer NOT NULL DEFAULT 0\s+found \(missing\)/
assert log.contains('[WARNING] Nothing of V51 was applied.')
assert log.contains('[WARNING] Refused: V51__create_communication_tables.sql and the migrations after it were not applied; the database is at version 50 (failOnRefusal=false: the build goes on).')
assert !log.contains('adopted   V51')

assert history.migrations.find { it.version == '51' }.state == 'pending'
assert facts.findAll { it.startsWith('history ') } == ['history 50 true']
// the hand-made table as it was: no column added, no index built
assert facts.findAll { it.startsWith('column ') } == ['column id uuid', 'column contact_id uuid', 'column responsible_user_id uuid',
    'column subject character varying', 'column status text', 'column created_at timestamp with time zone',
    'column updated_at timestamp with time zone']
assert facts.findAll { it.startsWith('index ') }.every { it.contains('communication_threads_pkey') }
assert facts.findAll { it.startsWith('audit ') }.isEmpty()
assert facts.contains('probe leftovers 0')
