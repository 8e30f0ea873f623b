CREATE TABLE late (id integer);
