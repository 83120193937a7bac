-- Work in flight: one row per job and step, holding everything a replica needs to carry the step on after
-- another one died. `phase` says which worker handles the row next; a worker claims due rows under a lease
-- (owner, expiry) and every claim bumps `fence`, so a replica whose lease was taken over can write nothing.
CREATE TABLE work_item (
    job_id            TEXT        NOT NULL REFERENCES job (id),
    step_index        INT         NOT NULL,               -- 0 for the first step of the job
    step              TEXT,                               -- the adapter's step name, once dispatch knows it
    phase             TEXT        NOT NULL,               -- queue | submit | track | reconcile | store | done
    account           TEXT,                               -- the provider account whose budget the step uses
    tenant            TEXT,                               -- labels.tenant, for fair dispatch across tenants
    provider_task_id  TEXT,
    input_task_id     TEXT,                               -- the task of the step before, that this step builds on
    outputs           JSONB,                              -- the step's output files once the task succeeded
    progress          INT,                                -- last progress announced (0–100)
    progress_at       TIMESTAMPTZ,                        -- when progress was last announced
    seen_change_at    TIMESTAMPTZ,                        -- when the provider last reported a change
    due_at            TIMESTAMPTZ NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  TIMESTAMPTZ,
    fence             BIGINT      NOT NULL DEFAULT 0,
    attempts          INT         NOT NULL DEFAULT 0,     -- create calls made for this step
    polls             INT         NOT NULL DEFAULT 0,     -- status reads since the last change
    last_error        TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, step_index)
);

-- What a claim scans: the due rows of one phase, oldest due first. Finished rows stay out of it.
CREATE INDEX work_item_due ON work_item (phase, due_at) WHERE phase <> 'done';
-- Renewal and hand-back by owner.
CREATE INDEX work_item_owner ON work_item (lease_owner) WHERE lease_owner IS NOT NULL;
