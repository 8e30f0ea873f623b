def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    // 1: -Dflyway.url/-Dflyway.user over <url>/<user>, -Dschema.schemas, -Dflyway.table, -Dschema.target, -Dflyway.placeholders.owner
    assert log =~ /\[INFO\] Target: host [^,]+, port \d+, database postgres, user postgres, schemas cli_schema\r?\n/
    assert !log.contains('from_the_pom') && !log.contains('user_from_the_pom') && !log.contains('Cannot reach')
    assert db.column("SELECT version || ' ' || installed_by FROM cli_schema.cli_history WHERE version IS NOT NULL ORDER BY installed_rank") ==
            ['1 from-project-properties', '2 from-project-properties'] : 'target 2 from the command line, installedBy from the project property'
    assert db.column("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'cli_schema.things'::regclass") == ["'cli'::text"]
    assert db.column("SELECT indexname FROM pg_indexes WHERE schemaname = 'cli_schema' AND tablename = 'things' ORDER BY 1") ==
            ['things_owner', 'things_pkey']
    assert db.column("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pom%'") == [] : "the pom's schema was never touched"
    // 2 and 3: -Dflyway.skip and -Dschema.skip=true skip although the pom says <skip>false</skip>
    assert log.count('[INFO] Skipping (skip=true)') == 2
    assert log.count('[INFO] Target: ') == 1 : 'the skipped runs connected nowhere'
    assert db.column("SELECT to_regclass('cli_schema.never_applied')::text") == [null]
} finally {
    db.close()
}
