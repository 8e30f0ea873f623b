COMMENT ON TABLE communication_threads IS 'made by hand';
