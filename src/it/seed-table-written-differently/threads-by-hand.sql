-- V51's table, made by hand
CREATE TABLE communication_threads (
    subject             character varying(200) NOT NULL,
    id                  uuid NOT NULL,
    updated_at          timestamp with time zone DEFAULT now() NOT NULL,
    contact_id          uuid NOT NULL,
    responsible_user_id uuid,
    status              character varying(20) DEFAULT 'open'::character varying NOT NULL,
    unread_count        int4 DEFAULT 0 NOT NULL,
    created_at          timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY communication_threads ADD CONSTRAINT communication_threads_pkey PRIMARY KEY (id);
ALTER TABLE ONLY communication_threads ADD CONSTRAINT communication_threads_contact_id_fkey
    FOREIGN KEY (contact_id) REFERENCES crm_contacts(id) ON DELETE CASCADE;
ALTER TABLE ONLY communication_threads ADD CONSTRAINT communication_threads_responsible_user_id_fkey
    FOREIGN KEY (responsible_user_id) REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX idx_communication_threads_contact ON public.communication_threads USING btree (contact_id);
CREATE INDEX idx_communication_threads_responsible ON public.communication_threads USING btree (responsible_user_id);
CREATE INDEX idx_communication_threads_status ON public.communication_threads USING btree (status, updated_at DESC);
