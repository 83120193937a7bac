-- Jobs that must stop (a cancel asked for, a deadline) are found from the job side, so dispatch finds them among
-- a million waiting jobs without reading the waiting ones.
CREATE INDEX job_cancel_pending ON job (id)
    WHERE cancel_requested_at IS NOT NULL AND state NOT IN ('COMPLETED', 'FAILED', 'CANCELED', 'REJECTED');
CREATE INDEX job_deadline_pending ON job (deadline)
    WHERE deadline IS NOT NULL AND state NOT IN ('COMPLETED', 'FAILED', 'CANCELED', 'REJECTED');
