-- The job ledger: one row per job, its transition history, and the outbox of events still to publish.

CREATE TABLE job (
    id                   TEXT        PRIMARY KEY,           -- the caller's jobId
    provider             TEXT,                              -- null only on a job rejected for naming none
    state                TEXT        NOT NULL,
    version              BIGINT      NOT NULL,              -- compare-and-set token; also the last event's sequence
    step                 TEXT,                              -- current step of a multi-step job
    request              JSONB       NOT NULL,              -- the request as accepted (dispatch submits from it)
    request_fingerprint  TEXT        NOT NULL,              -- SHA-256 of the canonical request, for duplicate checks
    labels               JSONB       NOT NULL DEFAULT '{}',
    deadline             TIMESTAMPTZ,
    outcome_code         TEXT,                              -- why the job was rejected or failed
    outcome_message      TEXT,
    cancel_requested_at  TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX job_by_state ON job (state, created_at, id);
CREATE INDEX job_by_provider_state ON job (provider, state, created_at, id);

CREATE TABLE job_transition (
    job_id       TEXT        NOT NULL REFERENCES job (id),
    sequence     BIGINT      NOT NULL,
    from_state   TEXT,
    to_state     TEXT        NOT NULL,
    step         TEXT,
    reason_code  TEXT,
    reason       TEXT,
    event_id     UUID        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, sequence)
);

CREATE TABLE outbox (
    id          BIGSERIAL   PRIMARY KEY,                    -- commit order within a job follows sequence
    event_id    UUID        NOT NULL UNIQUE,
    job_id      TEXT        NOT NULL,
    sequence    BIGINT      NOT NULL,
    event_type  TEXT        NOT NULL,
    terminal    BOOLEAN     NOT NULL,
    payload     JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Wakes every replica's relay the moment an event commits (NOTIFY is delivered at commit).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kiln_outbox', '');
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
