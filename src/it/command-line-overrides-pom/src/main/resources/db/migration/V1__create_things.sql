CREATE TABLE things (id integer PRIMARY KEY, owner text NOT NULL DEFAULT '${owner}');
