CREATE TABLE crm_contacts (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL
);
