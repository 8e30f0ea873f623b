def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    // mvn schema:downgrade -Dschema.target=50
    assert log =~ /\[INFO\] \[1\/1\] undone    V51__create_communication_tables\.sql by U51__create_communication_tables\.sql \(\d+ ms\)/
    assert log.contains('[INFO] Downgraded from version 51 to version 50.')
    assert !log.contains('already gone') : 'every object was there to drop'

    // mvn schema:history sql:execute@facts, right after the downgrade
    def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
    assert facts.findAll { it.startsWith('relation ') } == [] : 'the table and its indexes are dropped'
    assert facts.findAll { it.startsWith('table ') } == ['table crm_contacts', 'table flyway_schema_history', 'table flyway_schema_history_audit', 'table users']
    assert facts.findAll { it.startsWith('history ') } == ['history 50']
    assert facts.findAll { it.startsWith('audit ') } == ['audit 51 V51__create_communication_tables.sql undone']
    assert log =~ /\[INFO\] 51 +\| create communication tables +\| SQL +\| pending\r?\n/

    // mvn schema:upgrade schema:history
    assert log =~ /\[INFO\] \[1\/1\] applied   V51__create_communication_tables\.sql \(\d+ ms\)/
    assert log.contains('[INFO] Upgraded from version 50 to version 51.')
    assert log =~ /\[INFO\] 50 +\| create users and contacts +\| SQL +\| applied +\|[^\n|]*\|[^\n|]*\| \d+\r?\n/ : 'no undo script for V50'
    assert log =~ /\[INFO\] 51 +\| create communication tables +\| SQL +\| applied +\|[^\n|]*\|[^\n|]*\| \d+ +\| U51\r?\n/
    assert db.column('SELECT version FROM flyway_schema_history ORDER BY installed_rank') == ['50', '51']
    assert db.column("SELECT indexname FROM pg_indexes WHERE tablename = 'communication_threads' ORDER BY 1") ==
            ['communication_threads_pkey', 'idx_communication_threads_contact', 'idx_communication_threads_responsible',
             'idx_communication_threads_status']
} finally {
    db.close()
}
