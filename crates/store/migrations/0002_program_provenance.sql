-- Program provenance and history (Bizinfo import, staff edits). Append-only: never edit.

-- bundled | bizinfo | onestop (a catalogue file) | staff
ALTER TABLE programs ADD COLUMN origin TEXT NOT NULL DEFAULT 'bundled';
-- The program exactly as last imported, before staff edits: a re-import compares against it.
ALTER TABLE programs ADD COLUMN imported TEXT;
-- Criteria staff set on an imported program (JSON); they survive every re-import.
ALTER TABLE programs ADD COLUMN staff_criteria TEXT;
ALTER TABLE programs ADD COLUMN fetched_at TEXT;

-- Every saved version of a program, the current one included.
CREATE TABLE program_versions (
    program_id TEXT NOT NULL REFERENCES programs(id),
    version    INTEGER NOT NULL,
    reason     TEXT NOT NULL,            -- import | edit
    data       TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (program_id, version)
) STRICT;
