def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('[INFO] U51__create_communication_tables.sql, statement 1 (line 2): already gone (SQLSTATE 42704: index "idx_communication_threads_status" does not exist): skipped')
    assert log.contains('[INFO] U51__create_communication_tables.sql, statement 2 (line 3): already gone (SQLSTATE 42704: index "idx_communication_threads_responsible" does not exist): skipped')
    assert log.contains('[INFO] U51__create_communication_tables.sql, statement 3 (line 4): already gone (SQLSTATE 42704: index "idx_communication_threads_contact" does not exist): skipped')
    assert log.contains('[INFO] U51__create_communication_tables.sql, statement 4 (line 5): already gone (SQLSTATE 42P01: table "communication_threads" does not exist): skipped')
    assert log =~ /\[INFO\] \[1\/1\] undone    V51__create_communication_tables\.sql by U51__create_communication_tables\.sql \(\d+ ms\)/
    assert log.contains('[INFO] Downgraded from version 51 to version 50.')

    assert db.column('SELECT version FROM flyway_schema_history ORDER BY installed_rank') == ['50'] : 'the row is removed all the same'
    assert db.column("SELECT script || ' ' || coalesce(statement_number::text, '-') || ' ' || decision FROM flyway_schema_history_audit ORDER BY id") == [
        'U51__create_communication_tables.sql 1 skipped',
        'U51__create_communication_tables.sql 2 skipped',
        'U51__create_communication_tables.sql 3 skipped',
        'U51__create_communication_tables.sql 4 skipped',
        'V51__create_communication_tables.sql - undone']
    assert db.column("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname NOT LIKE 'flyway%' ORDER BY 1") ==
            ['crm_contacts', 'users'] : 'V50 untouched'
} finally {
    db.close()
}
