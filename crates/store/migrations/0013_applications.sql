-- Applications: a merchant applying to a program (the current version, every version, and the
-- duties planned from the program's timeline, one row each for the Today screen's list).
CREATE TABLE applications (
    id              TEXT PRIMARY KEY,
    merchant_id     TEXT NOT NULL REFERENCES merchants(id),
    program_id      TEXT NOT NULL,
    consultation_id TEXT,
    status          TEXT NOT NULL,
    data            TEXT NOT NULL,       -- the whole application as JSON
    version         INTEGER NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX applications_merchant ON applications(merchant_id);
CREATE INDEX applications_status ON applications(status);

CREATE TABLE application_versions (
    application_id TEXT NOT NULL REFERENCES applications(id),
    version        INTEGER NOT NULL,
    data           TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    PRIMARY KEY (application_id, version)
) STRICT;

CREATE TABLE duties (
    application_id TEXT NOT NULL REFERENCES applications(id),
    step           INTEGER NOT NULL,
    due_on         TEXT,                 -- the deadline (a month's duty: its last day); NULL while it waits
    done           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, step)
) STRICT;
CREATE INDEX duties_due ON duties(done, due_on);
