import java.sql.DriverManager

def db = context.get('database')
def connect = { name ->
    def props = new Properties()
    props.setProperty('user', 'postgres')
    new org.postgresql.Driver().connect(context.get('baseUrl') + name, props)
}
def reference = connect('flyway_reference')
def ours = connect('schema_ours')
def column = { connection, sql ->
    def values = []
    connection.createStatement().withCloseable { statement ->
        statement.executeQuery(sql).withCloseable { rs -> while (rs.next()) values << rs.getString(1) }
    }
    values
}
try {
    def log = new File(basedir, 'build.log').text
    // the two <configuration> blocks are the same, element for element
    def configurations = (new File(basedir, 'pom.xml').text =~ /(?s)<configuration>.*?<\/configuration>/).collect { it }
    assert configurations.size() == 2
    assert configurations[0] == configurations[1]

    // the database state, read from the catalog: every relation of schema app with its kind and owner, columns with
    // type, nullability, default and identity, constraints and indexes by definition, the schema's owner
    def facts = [
        "SELECT nspname || ' owned by ' || pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app'",
        """SELECT c.relname || ' ' || c.relkind::text || ' owned by ' || pg_get_userbyid(c.relowner) FROM pg_class c
           WHERE c.relnamespace = 'app'::regnamespace ORDER BY 1""",
        """SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull::text
                  || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' identity=' || a.attidentity::text || ' #' || a.attnum::text
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1""",
        """SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
           WHERE connamespace = 'app'::regnamespace ORDER BY 1""",
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'app' ORDER BY 1",
        """SELECT s.relname || ' ' || format_type(q.seqtypid, NULL) || ' ' || q.seqstart::text || ' ' || q.seqincrement::text FROM pg_sequence q
           JOIN pg_class s ON s.oid = q.seqrelid WHERE s.relnamespace = 'app'::regnamespace ORDER BY 1""",
        // the rows the Java callback and the late migration wrote
        "SELECT script FROM app.migration_log ORDER BY id",
        "SELECT code || ' ' || name FROM app.regions ORDER BY 1",
        // the history, but for when and how long
        """SELECT installed_rank::text || ' ' || coalesce(version, '-') || ' ' || description || ' ' || type || ' ' || script || ' '
                  || coalesce(checksum::text, '-') || ' ' || installed_by || ' ' || success::text
           FROM app.flyway_schema_history ORDER BY installed_rank"""]
    facts.each { sql ->
        def expected = column(reference, sql)
        assert !expected.isEmpty() : sql
        assert column(ours, sql) == expected : sql
    }

    // and that state is what the configuration says, so the comparison is not of two equally wrong databases:
    // placeholders with the #[ ] prefix from <placeholders> and sample.conf (configFiles), ${kept} kept as written
    assert column(ours, """SELECT a.attname || ' ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a
            ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'app.accounts'::regclass ORDER BY a.attnum""") ==
            ["owner 'app_owner_role'::text", "region 'eu-west'::text", 'note \'${kept}\'::text', "status 'active'::text"]
    // initSql (SET ROLE migrator) on Flyway's connections: the role owns the schema and what the migrations built
    assert column(ours, "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'app'::regnamespace") == ['migrator']
    // installedBy, the Java migration from the classpath location, outOfOrder: V2 recorded after V4
    assert column(ours, "SELECT version || ' ' || type || ' ' || script || ' ' || installed_by FROM app.flyway_schema_history"
            + " WHERE version IS NOT NULL ORDER BY installed_rank") ==
            ['1 SQL V1__create_accounts.sql release-bot', '3 JDBC db.migration.V3__Add_account_status release-bot',
             '4 SQL V4__create_orders.sql release-bot', '2 SQL V2__create_regions.sql release-bot']
    // the Java callback ran after each migration, in its transaction
    assert column(ours, 'SELECT script FROM app.migration_log ORDER BY id') ==
            ['V1__create_accounts.sql', 'db.migration.V3__Add_account_status', 'V4__create_orders.sql', 'V2__create_regions.sql']

    // schema:history labels Flyway's schema-creation row and the Java migration as what they are
    assert log =~ /\[INFO\] +\| << Flyway Schema Creation >> +\| SCHEMA +\| created /
    assert log =~ /\[INFO\] 3 +\| Add account status +\| JDBC +\| applied /
    assert log =~ /\[INFO\] 2 +\| create regions +\| SQL +\| out-of-order /
    assert log.count('BUILD SUCCESS') == 4
} finally {
    reference.close()
    ours.close()
    db.close()
}
