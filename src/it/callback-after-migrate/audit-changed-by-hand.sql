-- someone changed the callback's table by hand after the upgrade
ALTER TABLE audit_log ALTER COLUMN what DROP NOT NULL;
