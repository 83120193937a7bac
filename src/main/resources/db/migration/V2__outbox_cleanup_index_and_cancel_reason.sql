-- Outbox cleanup deletes by sent_at: index it so the delete does not scan the table.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Why the caller asked to cancel a job that was already at a provider; the tracker uses it when it cancels.
ALTER TABLE job ADD COLUMN cancel_reason TEXT;
