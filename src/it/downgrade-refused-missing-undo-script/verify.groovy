def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('Cannot downgrade from version 3 to version 1: 1 undo script(s) missing:')
    assert log.contains('  V2__create_crm_contacts.sql needs U2__create_crm_contacts.sql')
    assert log.contains('Nothing was changed. Add them to filesystem:')
    assert !log.contains('undone ')
    assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'

    assert db.column('SELECT version FROM flyway_schema_history ORDER BY installed_rank') == ['1', '2', '3']
    assert db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'crm_contacts' ORDER BY ordinal_position") ==
            ['id', 'name', 'phone'] : 'not even V3, whose undo script exists, was undone'
    assert db.column("SELECT to_regclass('flyway_schema_history_audit')::text") == [null]
} finally {
    db.close()
}
