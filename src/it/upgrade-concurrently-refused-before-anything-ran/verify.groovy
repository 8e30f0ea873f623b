def db = context.get('database')
try {
    assert db.column("SELECT to_regclass('public.idx_orders_customer')::text") == [null] : 'statement 1 never ran'
    assert db.column("SELECT pg_get_indexdef('public.idx_orders_placed'::regclass)") ==
            ['CREATE INDEX idx_orders_placed ON public.orders USING btree (placed_at)'] : 'the index made by hand is untouched'
    assert db.column('SELECT version || \' \' || success FROM flyway_schema_history ORDER BY installed_rank') == ['1 true'] :
            'no history row for V2, not even a failed one'

    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('V2__index_orders.sql, statement 2 (line 3): index idx_orders_placed on public.orders already exists and differs'
            + ' from what this statement builds:')
    assert log.contains('Nothing of V2 was applied: it runs outside a transaction, so every statement whose object already exists'
            + ' was judged before the first one ran.')
    assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
} finally {
    db.close()
}
