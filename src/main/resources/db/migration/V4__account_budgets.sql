-- Provider capacity shared by every replica: a budget per provider account (the three Meshy kinds share the
-- "meshy" account) and a row per slot held. The slot rows are the truth about what is in flight: an account's
-- in-flight count is the number of its slot rows, never a counter that could drift from them.

CREATE TABLE account_budget (
    account              TEXT             PRIMARY KEY,      -- e.g. hitem3d, hunyuan3d-pro, meshy
    max_in_flight        INTEGER          NOT NULL CHECK (max_in_flight >= 0),
    requests_per_second  DOUBLE PRECISION NOT NULL CHECK (requests_per_second > 0),
    burst                INTEGER          NOT NULL CHECK (burst >= 1),
    tokens               DOUBLE PRECISION NOT NULL,         -- request tokens left at refilled_at (≤ burst)
    refilled_at          TIMESTAMPTZ      NOT NULL,
    paused_until         TIMESTAMPTZ,                       -- no new slots before this (a Retry-After, say)
    pause_reason         TEXT,
    updated_at           TIMESTAMPTZ      NOT NULL          -- when configuration last wrote the limits
);

CREATE TABLE account_slot (
    job_id    TEXT        NOT NULL,
    step      TEXT        NOT NULL,                         -- '' for a job's only step
    account   TEXT        NOT NULL REFERENCES account_budget (account),
    taken_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, step)                              -- a job step holds at most one slot: taking is idempotent
);

CREATE INDEX account_slot_by_account ON account_slot (account);
