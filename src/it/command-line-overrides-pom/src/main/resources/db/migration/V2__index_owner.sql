CREATE INDEX things_owner ON things (owner);
