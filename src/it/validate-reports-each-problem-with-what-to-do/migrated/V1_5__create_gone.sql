CREATE TABLE gone (id integer);
