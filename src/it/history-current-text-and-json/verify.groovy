
def target = new File(basedir, 'target')
def historyText = new File(target, 'history.txt').readLines()
assert historyText[0].startsWith('version | description')
assert historyText[0].contains('| state') && historyText[0].contains('| installed on') && historyText[0].contains('| time (ms)')
assert historyText.find { it.startsWith('1 ') && it.contains('create users') && it.contains('| applied') }
assert historyText.find { it.startsWith('2 ') && it.contains('create crm contacts') && it.contains('| applied') }
assert historyText.find { it.startsWith('3 ') && it.contains('add phone') && it.contains('| pending') }

def json = new groovy.json.JsonSlurper()
def history = json.parse(new File(target, 'history.json'))
assert history.current == '2'
assert history.migrations.collect { [it.version, it.state] } == [['1', 'applied'], ['2', 'applied'], ['3', 'pending']]
assert history.migrations[0].installedBy == 'postgres'
assert history.migrations[0].installedOn != null && history.migrations[2].installedOn == null

def currentText = new File(target, 'current.txt').text
assert currentText.contains('Current version: 2 (create crm contacts)')
assert currentText.contains('Pending migrations: 1')
assert currentText.contains('3  add phone')
assert currentText.contains('Failed migration: none')

def current = json.parse(new File(target, 'current.json'))
assert current.current.version == '2'
assert current.pendingCount == 1
assert current.pending*.version == ['3']
assert current.failed == null

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Current version: 2 (create crm contacts)') : 'without output, the report goes to the build log'
