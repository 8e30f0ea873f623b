ALTER TABLE orders ADD COLUMN status int;
UPDATE orders SET status = 0 WHERE status IS NULL;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
