-- a typo on line 4
CREATE TABLE audit_log (id bigint PRIMARY KEY);

CREATE TABLEE broken (id int);
