-- Wake-ups for work in flight.
--
-- A row that becomes due and unleased NOTIFYs the workers of its phase (channel kiln_work_<phase>), so a new job,
-- a step handed on to the next phase, or a lease handed back is taken up within milliseconds rather than at
-- the next sweep. NOTIFY is sent at commit and coalesced per transaction and payload.
--
-- A nudge (a callback arrived, a cancel was asked for) makes an item due now even while another replica holds
-- it: nudged_at later than claimed_at tells the holder's fenced write to keep the item due now instead of
-- writing its own next due time, so a nudge is never lost to a write already in flight.
ALTER TABLE work_item
    ADD COLUMN claimed_at       TIMESTAMPTZ,              -- when the current lease was taken
    ADD COLUMN nudged_at        TIMESTAMPTZ,              -- when something outside asked for a look now
    ADD COLUMN reported_task_id TEXT;                     -- a task id a provider's callback named for this job

CREATE FUNCTION kiln_work_due() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('kiln_work_' || NEW.phase, '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER work_item_due_notify
    AFTER INSERT OR UPDATE ON work_item
    FOR EACH ROW
    WHEN (NEW.lease_owner IS NULL AND NEW.phase <> 'done' AND NEW.due_at <= now())
    EXECUTE FUNCTION kiln_work_due();

-- Dispatch claims one account's waiting submissions, oldest first.
CREATE INDEX work_item_submit_by_account ON work_item (account, due_at) WHERE phase = 'submit';
