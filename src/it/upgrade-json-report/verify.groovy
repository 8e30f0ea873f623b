def json = new groovy.json.JsonSlurper()
def log = new File(basedir, 'build.log').text

def adopted = json.parse(new File(basedir, 'target/adopted.json'))
assert adopted.outcome == 'upgraded'
assert adopted.dryRun == false
assert adopted.versionBefore == '50' && adopted.versionAfter == '51'
assert adopted.failure == null
assert adopted.migrations.size() == 1
def v51 = adopted.migrations[0]
assert v51.position == 1 && v51.version == '51' && v51.script == 'V51__create_communication_tables.sql'
assert v51.outcome == 'adopted'
assert v51.skipped.find { it.statement == 1 && it.object == 'table public.communication_threads' } : v51.skipped

def refused = json.parse(new File(basedir, 'target/refused.json'))
assert refused.outcome == 'refused'
assert refused.versionBefore == '50' && refused.versionAfter == '50'
assert refused.migrations == []
assert refused.failure.kind == 'refused'
assert refused.failure.script == 'V51__create_communication_tables.sql' && refused.failure.version == '51'
assert refused.failure.statement == 1 && refused.failure.line == 1
def threads = refused.failure.objects.find { it.object == 'table public.communication_threads' }
assert threads.differences.find { it ==~ /column status\s+expected varchar\(20\) NOT NULL DEFAULT 'open'\s+found text NULL/ } : threads
assert refused.failure.message.contains('Nothing of V51 was applied.')

// the build log: one target line per goal, each migration numbered, no raw server lines, no repeated "Database:" line
assert log.contains('[INFO] [1/1] Migrating schema "public" to version "51 - create communication tables"')
assert log.contains('BUILD FAILURE') && log.contains('Written to ')
assert !(log =~ /(?m)^\[INFO\] [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} /) : 'the embedded server\'s raw lines only with -X'
assert !log.contains('initdb completed') && !log.contains('postmaster')
assert !log.contains('[INFO] Database: ')
