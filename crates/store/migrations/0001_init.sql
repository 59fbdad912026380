-- Onestop schema, version 1. Migrations are append-only: never edit a released file.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE programs (
    id         TEXT PRIMARY KEY,
    name_ko    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    kinds      TEXT NOT NULL,            -- JSON array of kind names
    retired    INTEGER NOT NULL DEFAULT 0,
    data       TEXT NOT NULL,            -- the program as catalogue JSON
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE merchants (
    id         TEXT PRIMARY KEY,         -- UUID
    name       TEXT,
    brn        TEXT,                     -- business registration number, 123-45-67890
    phone      TEXT,                     -- digits only
    profile    TEXT NOT NULL,            -- the profile as JSON; missing keys are unknown facts
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX merchants_brn ON merchants(brn);
CREATE INDEX merchants_phone ON merchants(phone);

CREATE TABLE consultations (
    id          TEXT PRIMARY KEY,        -- UUID
    merchant_id TEXT NOT NULL REFERENCES merchants(id),
    at          TEXT NOT NULL,
    counselor   TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('counter', 'visit', 'phone', 'online')),
    place       TEXT,
    topics      TEXT NOT NULL,           -- JSON array
    notes       TEXT NOT NULL,
    outcome     TEXT,
    version     INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX consultations_merchant ON consultations(merchant_id, at);
CREATE INDEX consultations_at ON consultations(at);

CREATE TABLE consultation_programs (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    position        INTEGER NOT NULL,
    program_id      TEXT NOT NULL REFERENCES programs(id),
    verdict         TEXT NOT NULL,
    snapshot        TEXT NOT NULL,       -- the match as it was when saved
    PRIMARY KEY (consultation_id, position)
) STRICT;

CREATE TABLE referrals (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    position        INTEGER NOT NULL,
    institution     TEXT NOT NULL,
    program_id      TEXT REFERENCES programs(id),
    status          TEXT NOT NULL,
    note            TEXT,
    PRIMARY KEY (consultation_id, position)
) STRICT;

CREATE TABLE follow_ups (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    position        INTEGER NOT NULL,
    due_on          TEXT NOT NULL,
    action          TEXT NOT NULL,
    done            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (consultation_id, position)
) STRICT;
CREATE INDEX follow_ups_due ON follow_ups(done, due_on);

-- Every saved version of a consultation, the current one included.
CREATE TABLE consultation_versions (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    version         INTEGER NOT NULL,
    data            TEXT NOT NULL,       -- the whole consultation as JSON
    saved_at        TEXT NOT NULL,
    PRIMARY KEY (consultation_id, version)
) STRICT;

-- Full-text search over programs, merchants and consultation notes. The trigram tokenizer
-- works for Korean; queries shorter than three characters fall back to LIKE on the same table.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,                      -- program | merchant | consultation
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'trigram'
);
