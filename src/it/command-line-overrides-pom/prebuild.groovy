def properties = context.get('userProperties')
context.put('database', io.schemaguard.testing.TargetDatabase.start(basedir, properties))
// as a Flyway user passes them: -Dflyway.url=… -Dflyway.user=…
properties.setProperty('flyway.url', properties.remove('schema.url'))
properties.setProperty('flyway.user', properties.remove('schema.user'))
