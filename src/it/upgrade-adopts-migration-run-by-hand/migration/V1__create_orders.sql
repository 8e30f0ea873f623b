CREATE TABLE orders (
    id    bigint PRIMARY KEY,
    total numeric(12, 2) NOT NULL
);
INSERT INTO orders VALUES (1, 10.00), (2, 25.50);
