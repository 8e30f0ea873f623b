context.put('database', io.schemaguard.testing.TargetDatabase.start(basedir, context.get('userProperties')))
