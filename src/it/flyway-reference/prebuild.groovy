// One server, two databases: flyway_reference for flyway-maven-plugin, schema_ours for this plugin
def db = io.schemaguard.testing.TargetDatabase.start(basedir, context.get('userProperties'))
context.put('database', db)
def properties = context.get('userProperties')
def url = properties.remove('schema.url')
properties.remove('schema.user')
properties.setProperty('sample.port', (url =~ /:(\d+)\//)[0][1])
// initSql switches to this role: it creates the schema app and owns what the migrations build
db.execute('CREATE ROLE migrator')
['flyway_reference', 'schema_ours'].each { name ->
    db.execute("CREATE DATABASE ${name}")
    db.execute("GRANT CREATE ON DATABASE ${name} TO migrator")
}
context.put('baseUrl', url.replaceFirst('/[^/]*$', '/'))
