def log = new File(basedir, 'build.log').text
// 1: the misspelt element is named, with the parameter that was meant
assert log.contains("Unknown parameter <placeholderPrefx> in the <configuration> of execution 'carried-over-from-flyway'")
assert log.contains('Did you mean <placeholderPrefix>?')
// 2: custom resolvers are refused with what to do instead
assert log.contains("Flyway's resolvers (the property flyway.resolvers) names custom migration resolvers")
assert log.contains('Remove <resolvers>.')
// 3: the configuration file's misspelt key, with the file's name and the key meant
assert log =~ /configFiles: \S*flyway\.conf sets flyway\.instaledBy, which is not a Flyway setting this plugin knows\. Did you mean flyway\.installedBy\?/
// nothing connected: the URL's server does not exist, and no goal got as far as trying it
assert !log.contains('Cannot reach the PostgreSQL server')
assert !log.contains('Target: ')
assert log.count('BUILD FAILURE') == 3
