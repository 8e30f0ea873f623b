def db = io.schemaguard.testing.TargetDatabase.start(basedir, context.get('userProperties'))
context.put('database', db)
// built by hand before the migrations were used: users as V1 builds it, notes otherwise than V2 builds it
db.execute('''
    CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
    CREATE INDEX idx_users_email ON users (lower(email));
    CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint, body varchar(200));
''')
