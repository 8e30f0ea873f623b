def db = io.schemaguard.testing.TargetDatabase.start(basedir, context.get('userProperties'))
context.put('database', db)
// initSql switches to this role: every object the migrations build is owned by it
db.execute('CREATE ROLE migrator; GRANT CREATE ON DATABASE postgres TO migrator')
