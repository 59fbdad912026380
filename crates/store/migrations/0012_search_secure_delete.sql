-- The search index forgets for real. The contentless_delete index of 0005 deleted an entry by
-- marking its id in a tombstone, leaving the entry's words (an erased merchant's name, a
-- withdrawn owner's name, consultation notes) in the index's segments until they happened to
-- be merged. Now: a contentless index with FTS5's secure-delete option (SQLite 3.42+); an entry
-- is removed with the 'delete' command given the text it was indexed with (its title and body
-- are in search_docs), which takes its words out of the segment pages themselves, and
-- `PRAGMA secure_delete` (set at every open) overwrites the pages freed.
-- The old index goes whole (its pages freed, and so overwritten); the Rust side fills the new
-- one from the records on the next open (setting search.rebuild).
DROP TABLE search_grams;

CREATE VIRTUAL TABLE search_grams USING fts5(
    grams,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO search_grams(search_grams, rank) VALUES ('secure-delete', 1);

INSERT INTO settings(key, value) VALUES ('search.rebuild', '1')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
