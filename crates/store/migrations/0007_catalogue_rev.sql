-- A counter that moves with every change to the programs table, whoever makes it (an edit, an
-- import, sync, a restore), so a desk can keep the decoded catalogue in memory and know when
-- to read it again.
CREATE TABLE catalogue_rev (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO catalogue_rev(id, rev) VALUES (1, 0);
CREATE TRIGGER catalogue_rev_insert AFTER INSERT ON programs BEGIN
    UPDATE catalogue_rev SET rev = rev + 1;
END;
CREATE TRIGGER catalogue_rev_update AFTER UPDATE ON programs BEGIN
    UPDATE catalogue_rev SET rev = rev + 1;
END;
CREATE TRIGGER catalogue_rev_delete AFTER DELETE ON programs BEGIN
    UPDATE catalogue_rev SET rev = rev + 1;
END;
