-- Who may sign in and with what role, inside the encrypted database: the key file beside it
-- only holds each member's sealed copy of the key, so editing that file grants nothing.
CREATE TABLE staff (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('manager', 'staff')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    changed_at TEXT NOT NULL
) WITHOUT ROWID;
-- A desk upgraded from before this table fills it once, from its key file, at the next sign-in.
INSERT OR REPLACE INTO settings(key, value) VALUES ('staff.from_key_file', '1');
-- The keys the database had before each re-key, so backups taken under them can still be
-- restored by whoever holds the current key.
CREATE TABLE retired_keys (
    retired_at TEXT NOT NULL,
    key TEXT NOT NULL
);
