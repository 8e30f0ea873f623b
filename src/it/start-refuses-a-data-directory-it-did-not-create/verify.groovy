
def log = new File(basedir, 'build.log').text
def keep = new File(basedir, 'keep')
assert log.contains("The data directory ${keep.absolutePath} holds files that schema:start did not create (notes.txt, photos/)")
assert log.contains('Point dataDirectory (-Dschema.dataDirectory) at a directory that does not exist or is empty')
assert log.contains('Nothing was deleted.')
assert log.contains('BUILD FAILURE')
assert !log.contains('Embedded PostgreSQL') : 'no server was started'
assert !(log =~ /(?m)^\s+at [a-z]+\.[\w.$]+\(/) : 'no stack trace without -e'
assert new File(keep, 'notes.txt').text == 'my notes, not a database\n'
assert new File(keep, 'photos/cat.txt').text == 'meow\n'
assert keep.list().sort() == ['notes.txt', 'photos'] : 'nothing added to it'
assert !new File(basedir, 'keep.log').exists() : 'nothing written beside it'
