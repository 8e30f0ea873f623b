DROP INDEX idx_crm_contacts_name;
-- wrong order: crm_contacts still references users
DROP TABLE users;
DROP TABLE crm_contacts;
