-- Personal data: consent records and the audit log. Append-only like every migration.

-- A merchant's consent to the collection and use of personal information (개인정보 수집·이용
-- 동의). Personal fields (representative's name, phone, birth date) are stored only while a
-- consent is on record and not withdrawn. Withdrawn consents stay as history.
CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    merchant_id  TEXT NOT NULL REFERENCES merchants(id),
    given_on     TEXT NOT NULL,          -- the date on the signed form
    form         TEXT NOT NULL,          -- which form (and version) was signed
    recorded_by  TEXT NOT NULL,          -- staff login
    recorded_at  TEXT NOT NULL,
    withdrawn_on TEXT
) STRICT;
CREATE INDEX consents_merchant ON consents(merchant_id);

-- Who viewed, changed, exported, printed or erased which record, and when. Never holds
-- personal data itself: records are named by id.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('sign_in', 'view', 'change', 'export', 'print', 'erase')),
    record_kind TEXT NOT NULL,           -- merchant | consultation | program | catalogue | report | database | staff
    record_id   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_record ON audit_log(record_kind, record_id);
CREATE INDEX audit_log_at ON audit_log(at);
