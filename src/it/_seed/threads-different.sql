-- V51's table, made by hand
CREATE TABLE communication_threads (
    id                  uuid PRIMARY KEY,
    contact_id          uuid NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    subject             varchar(200) NOT NULL,
    status              text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
