-- A center's identity, which desks bind to (not its name): a center recreated under the same
-- name, or another hub's center of the same name, is another center to a desk.
ALTER TABLE centers ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE centers ADD CONSTRAINT centers_uid_unique UNIQUE (uid);
