CREATE TABLE invoices (
    id       bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id)
);
