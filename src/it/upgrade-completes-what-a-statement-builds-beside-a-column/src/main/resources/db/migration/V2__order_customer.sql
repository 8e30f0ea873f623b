ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id), ADD COLUMN note text;
