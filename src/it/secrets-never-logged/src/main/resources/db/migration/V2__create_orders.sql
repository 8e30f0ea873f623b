CREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id));
CREATE INDEX idx_orders_user ON orders (user_id);
