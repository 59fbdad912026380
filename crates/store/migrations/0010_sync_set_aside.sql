-- Items pulled from the hub that this desk cannot read (a value written by a newer desk, bad data
-- already on the hub): set aside here, as pulled, instead of failing the page, so sync goes on
-- and the cursor moves past them. `problem` names the field and why, never a personal value.
-- Erasing the merchant (here or by sync) removes its items.
CREATE TABLE sync_set_aside (
    seq          INTEGER PRIMARY KEY,   -- the item's place on the hub
    kind         TEXT NOT NULL CHECK (kind IN ('merchant', 'consultation_version')),
    record_id    TEXT NOT NULL,         -- the merchant's or consultation's id
    merchant_id  TEXT NOT NULL,
    problem      TEXT NOT NULL,
    item         TEXT NOT NULL,         -- the pulled item (JSON)
    set_aside_at TEXT NOT NULL
) STRICT;
CREATE INDEX sync_set_aside_merchant ON sync_set_aside(merchant_id);
