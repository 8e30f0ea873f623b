def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('clean drops every object in the managed schemas, and is disabled, as in Flyway (cleanDisabled defaults to true).')
assert log.contains('<cleanDisabled>false</cleanDisabled> (or -Dschema.cleanDisabled=false)')
assert log.contains('Nothing was dropped.')
assert !log.contains('cleaned schema')
