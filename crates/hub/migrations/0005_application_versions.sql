-- Applications travel as consultations do: every saved version, numbered in the hub's order,
-- erased with its merchant. A published catalogue carries the center's partner directory too.
CREATE TABLE application_versions (
    center_id bigint NOT NULL REFERENCES centers (id),
    uid uuid NOT NULL,
    merchant_uid uuid NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    change_id uuid NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (center_id, uid, version)
);
CREATE INDEX application_versions_seq ON application_versions (center_id, seq);
CREATE INDEX application_versions_merchant ON application_versions (center_id, merchant_uid);

ALTER TABLE application_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON application_versions
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);

ALTER TABLE catalogues ADD COLUMN partners jsonb NOT NULL DEFAULT '[]';

-- Visit plans, numbered as the others; a visit to a prospect not yet on file has no merchant.
CREATE TABLE visit_versions (
    center_id bigint NOT NULL REFERENCES centers (id),
    uid uuid NOT NULL,
    merchant_uid uuid,
    version integer NOT NULL CHECK (version > 0),
    change_id uuid NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (center_id, uid, version)
);
CREATE INDEX visit_versions_seq ON visit_versions (center_id, seq);
CREATE INDEX visit_versions_merchant ON visit_versions (center_id, merchant_uid);

ALTER TABLE visit_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE visit_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON visit_versions
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);

-- The administrator's drops take the new kinds.
ALTER TABLE admin_actions DROP CONSTRAINT admin_actions_kind_check;
ALTER TABLE admin_actions ADD CONSTRAINT admin_actions_kind_check
    CHECK (kind IN ('merchant', 'consultation_version', 'application_version', 'visit_version'));
