-- built without blocking writes, so the migration runs outside a transaction
CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);
CREATE INDEX CONCURRENTLY idx_orders_placed ON orders (placed_at DESC);
