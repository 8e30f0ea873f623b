-- an index dropped by hand
DROP INDEX idx_communication_threads_status;
