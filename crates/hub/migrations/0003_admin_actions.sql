-- What the hub's administrator did to a center's data from the command line (`onestop-hub data
-- drop`): the record, and why (the field that does not read). Never the record's contents.
CREATE TABLE admin_actions (
    id bigserial PRIMARY KEY,
    center_id bigint NOT NULL REFERENCES centers (id),
    at timestamptz NOT NULL DEFAULT now(),
    -- The operating-system user who ran the command, as far as the hub can tell.
    by text NOT NULL,
    action text NOT NULL CHECK (action IN ('drop')),
    kind text NOT NULL CHECK (kind IN ('merchant', 'consultation_version')),
    uid uuid NOT NULL,
    version integer,
    reason text NOT NULL
);
CREATE INDEX admin_actions_center ON admin_actions (center_id, at);

ALTER TABLE admin_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE admin_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON admin_actions
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);
