ALTER TABLE crm_contacts DROP COLUMN phone;
