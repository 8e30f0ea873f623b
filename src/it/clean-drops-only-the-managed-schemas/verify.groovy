def log = new File(basedir, 'build.log').text
def facts = new File(basedir, 'target/facts.txt').readLines()*.trim()*.replaceAll(/^"|"$/, '').findAll { it }
// loud: every line of the clean is a warning
assert log.contains('[WARNING] dropped schema app_extra (created by Flyway), with everything in it')
assert log.contains('[WARNING] cleaned schema app: ')
assert log.contains('[WARNING]   DROP TABLE IF EXISTS app.flyway_schema_history CASCADE')
assert log.contains('[WARNING] Schema app was created by Flyway but is kept, emptied: this plugin\'s audit table')
// after the clean: app holds only the audit table, which records the clean; app_extra is gone; other schemas untouched
assert facts.findAll { it.startsWith('app ') } == ['app flyway_schema_history_audit', 'app flyway_schema_history_audit_id_seq',
        'app flyway_schema_history_audit_pkey']
assert facts.findAll { it.startsWith('schema ') } == ['schema app', 'schema other']
assert facts.findAll { it.startsWith('kept ') } == ['kept not_managed', 'kept other.kept']
assert facts.findAll { it.startsWith('audit ') } == ['audit cleaned']
// and the project migrates again from nothing
assert log =~ /(?s)Clean done.*applied +V1__create_app.sql/
// as an empty schema: the audit table the clean kept is this plugin's, not the user's objects
assert !(log =~ /(?s)Clean done.*holds objects but no history table/)
assert !(log =~ /(?s)Clean done.*with baseline/)
