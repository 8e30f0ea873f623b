CREATE TABLE crm_contacts (id uuid PRIMARY KEY, owner_id uuid REFERENCES users (id), name varchar(200) NOT NULL);
CREATE INDEX idx_crm_contacts_name ON crm_contacts (name);
