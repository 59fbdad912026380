-- Sync with the center's hub (onestop-hub). Append-only like every migration.

-- Every change to merchants, consultations (their referrals and follow-ups included) and the
-- catalogue, written in the same transaction as the change; removed once the hub confirms it.
CREATE TABLE sync_outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,        -- UUID made here; the hub applies each id once
    kind      TEXT NOT NULL CHECK (kind IN ('merchant', 'merchant_erased', 'consultation_version', 'program')),
    record_id TEXT NOT NULL,               -- merchant or consultation id, or program id
    body      TEXT NOT NULL,               -- the wire::Change as JSON ('' for a program: publish sends the catalogue)
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX sync_outbox_record ON sync_outbox(record_id);

-- Fields two desks set to different values; both kept until staff choose.
CREATE TABLE sync_conflicts (
    merchant_id TEXT NOT NULL,
    field       TEXT NOT NULL,
    vals        TEXT NOT NULL,             -- JSON array, the hub's current value first
    PRIMARY KEY (merchant_id, field)
) STRICT;

-- Consultation versions pulled before their merchant arrived (paging can split them).
CREATE TABLE sync_parked (
    seq          INTEGER PRIMARY KEY,
    merchant_id  TEXT NOT NULL,
    item         TEXT NOT NULL             -- the wire::PullItem as JSON
) STRICT;

-- The hub address, token (never the password), cursor and times. The database is encrypted.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Which outbox change made a version, and its place in the hub's order once confirmed.
ALTER TABLE consultation_versions ADD COLUMN change_id TEXT;
ALTER TABLE consultation_versions ADD COLUMN hub_version INTEGER;
