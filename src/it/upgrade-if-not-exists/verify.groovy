def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    // V1 adopted: the schema, without history, holds what V1 builds (one replay compared it, table and index identical)
    assert log.contains('The database holds what the migrations up to version 1 build')
    assert log.contains('1 migration adopted, the rest run guarded.')
    // V2 refused: IF NOT EXISTS would have skipped a different table silently
    assert log.contains('V2__notes.sql, statement 1 (line 1): table public.notes already exists and differs from what this statement builds:')
    assert log =~ /column user_id\s+expected bigint NOT NULL\s+found bigint NULL/
    assert log =~ /column body\s+expected text NOT NULL\s+found varchar\(200\) NULL/
    assert log =~ /foreign key notes_user_id_fkey\s+expected FOREIGN KEY \(user_id\) REFERENCES public\.users\(id\)\s+found \(missing\)/
    assert log.contains('Nothing of V2 was applied.')
    assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'

    assert db.column('SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank') == ['1']
    assert db.column("SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns"
            + " WHERE table_name = 'notes' ORDER BY ordinal_position") ==
            ['id bigint NO', 'user_id bigint YES', 'body character varying YES'] : 'notes left as it was'
    assert db.column("SELECT conname FROM pg_constraint WHERE conrelid = 'notes'::regclass AND contype = 'f'") == []
    assert db.column("SELECT count(*)::text FROM pg_namespace WHERE nspname LIKE 'sg_probe%'") == ['0']
} finally {
    db.close()
}
