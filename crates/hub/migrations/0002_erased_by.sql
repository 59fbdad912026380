-- Who erased a merchant (the login of the manager whose desk pushed the erasure), sent with the
-- erasure so every desk's audit line names the eraser.
ALTER TABLE merchants ADD COLUMN erased_by text;
