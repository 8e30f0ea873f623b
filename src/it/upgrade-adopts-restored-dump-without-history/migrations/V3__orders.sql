CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id));
