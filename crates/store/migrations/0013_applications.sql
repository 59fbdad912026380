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

-- Numbered as a consultation's versions: in the hub's order (`hub_version`, once the hub has
-- it), then those not yet confirmed; `change_id` is the outbox change that sends a version.
CREATE TABLE application_versions (
    application_id TEXT NOT NULL REFERENCES applications(id),
    version        INTEGER NOT NULL,
    data           TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    change_id      TEXT,
    hub_version    INTEGER,
    PRIMARY KEY (application_id, version)
) STRICT;
CREATE INDEX application_versions_change ON application_versions(application_id, change_id);

CREATE TABLE duties (
    application_id TEXT NOT NULL REFERENCES applications(id),
    step           INTEGER NOT NULL,
    due_on         TEXT,                 -- the deadline (a month's duty: its last day); NULL while it waits
    done           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, step)
) STRICT;
CREATE INDEX duties_due ON duties(done, due_on);

-- Application versions travel through the outbox and may be set aside when pulled: the two
-- tables' kind checks take them (SQLite changes a CHECK only by rebuilding the table). The
-- outbox keeps its AUTOINCREMENT counter, so a change made after the upgrade never reuses a
-- number.
ALTER TABLE sync_outbox RENAME TO sync_outbox_before_0013;
CREATE TABLE sync_outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL
              CHECK (kind IN ('merchant', 'merchant_erased', 'consultation_version', 'application_version',
                             'visit_version', 'program', 'partner')),
    record_id TEXT NOT NULL,               -- merchant, consultation or application id, or program or partner id
    body      TEXT NOT NULL,               -- the wire::Change as JSON ('' for a program or partner: publish sends them)
    at        TEXT NOT NULL
) STRICT;
INSERT INTO sync_outbox(seq, change_id, kind, record_id, body, at)
    SELECT seq, change_id, kind, record_id, body, at FROM sync_outbox_before_0013 ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'sync_outbox';
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'sync_outbox', seq FROM sqlite_sequence WHERE name = 'sync_outbox_before_0013';
DROP TABLE sync_outbox_before_0013;
CREATE INDEX sync_outbox_record ON sync_outbox(record_id);

ALTER TABLE sync_set_aside RENAME TO sync_set_aside_before_0013;
CREATE TABLE sync_set_aside (
    seq          INTEGER PRIMARY KEY,   -- the item's place on the hub
    kind         TEXT NOT NULL CHECK (kind IN ('merchant', 'consultation_version', 'application_version', 'visit_version')),
    record_id    TEXT NOT NULL,         -- the merchant's, consultation's or application's id
    merchant_id  TEXT NOT NULL,
    problem      TEXT NOT NULL,
    item         TEXT NOT NULL,         -- the pulled item (JSON)
    set_aside_at TEXT NOT NULL
) STRICT;
INSERT INTO sync_set_aside SELECT * FROM sync_set_aside_before_0013;
DROP TABLE sync_set_aside_before_0013;
CREATE INDEX sync_set_aside_merchant ON sync_set_aside(merchant_id);

-- The center's partner directory (the whole entry as JSON), and what referrals and
-- consultations say of partners, as columns the reports count.
CREATE TABLE partners (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    retired    INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
) STRICT;
ALTER TABLE referrals ADD COLUMN partner_id TEXT;
ALTER TABLE referrals ADD COLUMN answered_on TEXT;
ALTER TABLE referrals ADD COLUMN result_kind TEXT;
ALTER TABLE referrals ADD COLUMN result_amount_krw INTEGER;
ALTER TABLE referrals ADD COLUMN result_on TEXT;
ALTER TABLE consultations ADD COLUMN referred_by TEXT;

-- Visit plans: the current row (for the day's list) and every version, numbered as the others.
CREATE TABLE visits (
    id          TEXT PRIMARY KEY,
    merchant_id TEXT REFERENCES merchants(id),
    on_day      TEXT NOT NULL,
    status      TEXT NOT NULL,
    data        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX visits_day ON visits(on_day);
CREATE INDEX visits_merchant ON visits(merchant_id);
CREATE TABLE visit_versions (
    visit_id    TEXT NOT NULL REFERENCES visits(id),
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    change_id   TEXT,
    hub_version INTEGER,
    PRIMARY KEY (visit_id, version)
) STRICT;
CREATE INDEX visit_versions_change ON visit_versions(visit_id, change_id);
