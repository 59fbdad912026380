-- Search at city scale. The trigram table of 0001 could not find two-syllable words (카페,
-- 폐업) without scanning every note, and removing a record's entry scanned the whole table.
-- Now: one row per searchable record in search_docs, whose id is the FTS rowid, and a
-- contentless FTS5 index of the record's character bigrams (see search.rs). The id's high bits
-- say the kind (program 1, merchant 2, consultation 3 << 40), so each kind is a rowid range
-- that FTS5 walks newest first and stops after the first hits.
-- The Rust side fills the new index from the records on the next open (setting search.rebuild).
DROP TABLE search_index;

CREATE TABLE search_docs (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL CHECK (kind IN ('program', 'merchant', 'consultation')),
    ref_id TEXT NOT NULL,
    title  TEXT NOT NULL,
    body   TEXT NOT NULL,
    UNIQUE (kind, ref_id)
) STRICT;

CREATE VIRTUAL TABLE search_grams USING fts5(
    grams,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO settings(key, value) VALUES ('search.rebuild', '1')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
