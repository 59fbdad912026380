-- The hub's first schema: centers and their accounts, the desks' tokens, and each center's
-- synced data. Every center data table carries center_id and is bound by row-level security to
-- the center the request's token belongs to (the `onestop.center` setting, set per transaction).

CREATE TABLE centers (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    -- The last sequence number handed out to a change of this center; pulls page by it.
    last_seq bigint NOT NULL DEFAULT 0,
    -- The newest published catalogue (0: none yet).
    catalogue_version bigint NOT NULL DEFAULT 0
);

-- Accounts and tokens have no row-level security: signing in reads them before the center is known.
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    center_id bigint NOT NULL REFERENCES centers (id),
    login text NOT NULL UNIQUE CHECK (login <> ''),
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('manager', 'staff')),
    -- Argon2id, PHC string.
    password_hash text NOT NULL,
    disabled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_center ON accounts (center_id);

CREATE TABLE tokens (
    -- SHA-256 of the token; the token itself is never stored.
    hash bytea PRIMARY KEY CHECK (length(hash) = 32),
    account_id bigint NOT NULL REFERENCES accounts (id),
    desk uuid NOT NULL,
    desk_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX tokens_account ON tokens (account_id);

-- A merchant as merged on the hub. An erased merchant keeps only its id, so later edits from desks
-- that have not heard of the erasure yet are dropped.
CREATE TABLE merchants (
    center_id bigint NOT NULL REFERENCES centers (id),
    uid uuid NOT NULL,
    state jsonb NOT NULL,
    consents jsonb NOT NULL,
    conflicts jsonb NOT NULL,
    created_at timestamp,
    erased boolean NOT NULL DEFAULT false,
    seq bigint NOT NULL,
    PRIMARY KEY (center_id, uid),
    CHECK (erased OR created_at IS NOT NULL)
);
CREATE INDEX merchants_seq ON merchants (center_id, seq);

CREATE TABLE consultation_versions (
    center_id bigint NOT NULL REFERENCES centers (id),
    uid uuid NOT NULL,
    merchant_uid uuid NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    change_id uuid NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (center_id, uid, version)
);
CREATE INDEX consultation_versions_seq ON consultation_versions (center_id, seq);
CREATE INDEX consultation_versions_merchant ON consultation_versions (center_id, merchant_uid);

-- Every change a desk pushed, by its id: a change sent twice is applied once.
CREATE TABLE changes (
    center_id bigint NOT NULL REFERENCES centers (id),
    change_id uuid NOT NULL,
    seq bigint NOT NULL,
    desk uuid NOT NULL,
    account_id bigint NOT NULL REFERENCES accounts (id),
    kind text NOT NULL,
    status text NOT NULL,
    conflicts jsonb NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (center_id, change_id)
);

CREATE TABLE catalogues (
    center_id bigint NOT NULL REFERENCES centers (id),
    version bigint NOT NULL CHECK (version > 0),
    programs jsonb NOT NULL,
    published_by text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (center_id, version)
);

-- Row-level security, forced so that it binds the tables' owner (the hub's own role) too. With no
-- `onestop.center` setting (or an empty one after a transaction that set it) a query sees nothing.
ALTER TABLE centers ENABLE ROW LEVEL SECURITY;
ALTER TABLE centers FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON centers
    USING (id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (id = nullif(current_setting('onestop.center', true), '')::bigint);
-- The administration commands (`onestop-hub user add|list`) find a center by its name before they
-- know its id: they alone turn on `onestop.directory`, which shows center rows (names and counters,
-- no center data) and only for reading. The HTTP service never sets it.
CREATE POLICY directory ON centers FOR SELECT
    USING (current_setting('onestop.directory', true) = 'on');

ALTER TABLE merchants ENABLE ROW LEVEL SECURITY;
ALTER TABLE merchants FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON merchants
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);

ALTER TABLE consultation_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON consultation_versions
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);

ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE changes FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON changes
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);

ALTER TABLE catalogues ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalogues FORCE ROW LEVEL SECURITY;
CREATE POLICY center_only ON catalogues
    USING (center_id = nullif(current_setting('onestop.center', true), '')::bigint)
    WITH CHECK (center_id = nullif(current_setting('onestop.center', true), '')::bigint);
