CREATE TABLE communication_threads (
    id                  uuid PRIMARY KEY,
    contact_id          uuid NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    subject             varchar(200) NOT NULL,
    status              varchar(20) NOT NULL DEFAULT 'open',
    unread_count        integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_communication_threads_contact ON communication_threads (contact_id);
CREATE INDEX idx_communication_threads_responsible ON communication_threads (responsible_user_id);
CREATE INDEX idx_communication_threads_status ON communication_threads (status, updated_at DESC);
