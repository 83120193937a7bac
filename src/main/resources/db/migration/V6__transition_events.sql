-- Each transition keeps the event it announced, exactly as it went to Kafka. The outbox deletes sent events after
-- its retention (kiln.outbox.retention); a job's history of events, served by GET /jobs/{id}/events, must outlive
-- that. Written by the ledger in the same transaction as the outbox row.
ALTER TABLE job_transition ADD COLUMN event JSONB;

-- Transitions made before this column existed: their event where the outbox still has it. Older ones stay null
-- and are rebuilt from the transition and the job when served (without their details).
UPDATE job_transition t SET event = o.payload FROM outbox o WHERE o.job_id = t.job_id AND o.sequence = t.sequence;
