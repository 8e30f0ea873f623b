ALTER TABLE crm_contacts ADD COLUMN phone varchar(40);
