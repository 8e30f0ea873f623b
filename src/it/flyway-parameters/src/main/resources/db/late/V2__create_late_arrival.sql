CREATE TABLE late_arrival (id integer PRIMARY KEY);
