// One server, two databases: flyway_reference for flyway-maven-plugin, schema_ours for this plugin
def db = io.schemaguard.testing.TargetDatabase.start(basedir, context.get('userProperties'))
context.put('database', db)
def properties = context.get('userProperties')
def url = properties.remove('schema.url')
properties.remove('schema.user')
properties.setProperty('sample.port', (url =~ /:(\d+)\//)[0][1])
// initSql switches to this role: it creates the schema app and owns what the migrations build
db.execute('CREATE ROLE migrator; CREATE DATABASE flyway_reference; CREATE DATABASE schema_ours;'
        + ' GRANT CREATE ON DATABASE flyway_reference TO migrator; GRANT CREATE ON DATABASE schema_ours TO migrator')
context.put('baseUrl', url.replaceFirst('/[^/]*$', '/'))
