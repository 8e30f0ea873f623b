def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // the column the hot-fix added is identical; the statement's other parts were built, not dropped with the skip
    assert log.contains('V2__order_customer.sql, statement 1: column customer_id on public.orders already exists and is identical: skipped')
    assert log.contains('V2__order_customer.sql, statement 1: built the rest of what it builds: ')
    assert db.column('SELECT version || \' \' || success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank') ==
            ['1 true', '2 true']
    assert db.column("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f'") ==
            ['FOREIGN KEY (customer_id) REFERENCES customers(id)'] : 'the foreign key the statement builds exists'
    assert db.column("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'orders'"
            + " ORDER BY ordinal_position") == ['id bigint', 'customer_id bigint', 'note text']
    assert db.column("SELECT decision FROM flyway_schema_history_audit WHERE version = '2' ORDER BY id") == ['skipped', 'built', 'completed']
    assert db.column("SELECT count(*)::text FROM pg_namespace WHERE nspname LIKE 'sg_probe%'") == ['0']
} finally {
    db.close()
}
