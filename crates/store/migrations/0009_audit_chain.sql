-- The audit log as a hash chain. Each line's hash covers the hash of the line before it and
-- this line's own content (id, time, staff, action, record, detail), so a line edited, removed
-- or moved breaks the chain from there on (`journal::audit::verify` walks it).
--
-- A chain cannot tell that its last lines were cut off: what is left is still a valid chain.
-- `audit_head` holds the last line's id and hash and the number of lines, written with every
-- line in the same transaction, so a log that ends before its head is found too.
--
-- The lines already written are chained by the Rust side on the next open (`chained = 0`).
ALTER TABLE audit_log ADD COLUMN hash TEXT;

CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    lines   INTEGER NOT NULL,
    hash    TEXT NOT NULL,
    chained INTEGER NOT NULL CHECK (chained IN (0, 1))
) STRICT;
INSERT INTO audit_head(id, last_id, lines, hash, chained) VALUES (1, 0, 0, '', 0);
