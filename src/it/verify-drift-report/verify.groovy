def log = new File(basedir, 'build.log').text
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/drift.json'))
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] table public.communication_threads')
assert log.contains('[INFO] index idx_communication_threads_status on public.communication_threads')
assert log =~ /index idx_communication_threads_status on public.communication_threads\s+expected CREATE INDEX ON public.communication_threads USING btree \(status, updated_at DESC\)\s+found \(missing\)/
assert log =~ /column priority\s+expected \(none\)\s+found integer NULL/
assert log =~ /column subject\s+expected varchar\(200\) NOT NULL\s+found text NOT NULL/
assert log =~ /table public.notes_by_hand\s+expected \(none\)\s+found table \(2 columns\)/
assert log.contains('[WARNING] Drift: 1 missing, 2 extra, 1 different, 0 history problems (schema public at version 51).')
assert report.drift == true
assert report.summary == [missing: 1, extra: 2, different: 1, historyProblems: 0]
def threads = report.objects.find { it.object == 'table public.communication_threads' }
assert threads.differences*.kind.sort() == ['different', 'extra']
def index = report.objects.find { it.object == 'index idx_communication_threads_status on public.communication_threads' }
assert index.differences*.kind == ['missing']
assert report.objects.find { it.object == 'table public.notes_by_hand' }.differences[0].kind == 'extra'
