
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('V51__create_communication_tables.sql, statement 4 (line 14): index idx_communication_threads_status on public.communication_threads already exists and differs from what this statement builds:')
assert log.contains('(status, updated_at DESC)') && log.contains('(created_at)')
assert log.contains('Nothing of V51 was applied.')
