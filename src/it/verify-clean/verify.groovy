def log = new File(basedir, 'build.log').text
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/drift.json'))
assert log.contains('Expected schema: migrations up to version 51 replayed on a temporary database sg_shadow_')
assert log.contains('No drift: 0 missing, 0 extra, 0 different, 0 history problems (schema public at version 51).')
assert report.drift == false
assert report.version == '51'
assert report.summary == [missing: 0, extra: 0, different: 0, historyProblems: 0]
assert report.objects == []
