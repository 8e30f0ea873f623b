-- V2 run by hand (a hot-fix in production), before the build that brings it
ALTER TABLE orders ADD COLUMN status int;
UPDATE orders SET status = 1 WHERE status IS NULL;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
