def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    assert log =~ /\[INFO\] \[1\/3\] undone    V3__add_phone\.sql by U3__add_phone\.sql \(\d+ ms\)/
    assert log.contains('BUILD FAILURE')
    assert log.contains('U2__create_crm_contacts.sql, statement 2 (line 3): the statement failed (SQLSTATE 2BP01): ERROR: cannot drop table users because other objects depend on it')
    assert log.contains('  statement: -- wrong order: crm_contacts still references users')
    assert log.contains('V2__create_crm_contacts.sql was not undone: its undo script was rolled back and its history row kept.')
    assert log.contains('Undone before it: V3__add_phone.sql (by U3__add_phone.sql); the database is now at version 2.')
    assert log.contains('Fix U2__create_crm_contacts.sql (or the database) and run the downgrade again: mvn schema:downgrade -Dschema.target=0')
    assert !log.contains('undone    V2') && !log.contains('undone    V1')
    assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'

    assert db.column('SELECT version FROM flyway_schema_history ORDER BY installed_rank') == ['1', '2']
    assert db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'crm_contacts' ORDER BY ordinal_position") ==
            ['id', 'owner_id', 'name'] : 'V3 stays undone'
    assert db.column("SELECT to_regclass('idx_crm_contacts_name')::text") == ['idx_crm_contacts_name'] : 'statement 1 of U2 was rolled back'
    assert db.column("SELECT to_regclass('users')::text") == ['users'] : 'V1 untouched'
    assert db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit ORDER BY id") == ['3 undone']
} finally {
    db.close()
}
