CREATE TABLE crm_contacts (id uuid PRIMARY KEY, name varchar(200) NOT NULL);
CREATE INDEX idx_crm_contacts_name ON crm_contacts (name);
