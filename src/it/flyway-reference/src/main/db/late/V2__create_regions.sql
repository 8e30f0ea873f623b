-- arrives after V4 was applied (another branch): applied out of order
CREATE TABLE regions (code text PRIMARY KEY, name text NOT NULL);
INSERT INTO regions VALUES ('#[region]', 'Europe (west)');
