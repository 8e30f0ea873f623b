def db = context.get('database')
try {
    def log = new File(basedir, 'build.log').text
    def defaults = { table -> db.column("SELECT a.attname || ' ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a"
            + " ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'app.${table}'::regclass ORDER BY a.attnum") }
    // placeholderPrefix/Suffix #[ ], <placeholders>, and a placeholder from the configuration file
    assert defaults('accounts') == ["owner 'app_owner_role'::text", "region 'eu-west'::text"]
    assert db.column("SELECT col_description('app.accounts'::regclass, 1)") == ['kept as written: ${not_a_placeholder}']
    // encoding ISO-8859-1 and the .pgsql suffix
    assert defaults('notes') == ["body 'caf\u00e9'::text"]
    // initSql (SET ROLE migrator) ran on Flyway's connections: the migrator owns what they built, the history too
    assert db.column("SELECT tablename || ' ' || tableowner FROM pg_tables WHERE schemaname = 'app' ORDER BY 1") ==
            ['accounts migrator', 'flyway_schema_history migrator', 'late_arrival migrator',
             'notes migrator']
    // installedBy (the pom's, over the configuration file's), and outOfOrder: V2 applied after V3
    assert db.column("SELECT version || ' ' || installed_by FROM app.flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank") ==
            ['1 release-bot', '3 release-bot', '2 release-bot']
    // run 2: -Dschema.outOfOrder=false over the pom; the hint names this plugin's option, not Flyway's command line
    assert log.contains('Detected resolved migration not applied to database: 2.')
    assert log.contains('set <outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)')
    assert !log.contains('set -outOfOrder=true')
    assert log.contains('added after higher versions were applied (out of order)')
    assert log =~ /\[INFO\] Target: host [^,]+, port \d+, database postgres, user postgres, schemas app\r?\n/
    assert log =~ /\[INFO\] 2 +\| create late arrival +\| SQL +\| out-of-order/
    assert !log.contains('to version 2.') : 'V2 applied out of order leaves the current version at 3'
} finally {
    db.close()
}
