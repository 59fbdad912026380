//! The center's data: push (apply a desk's changes, once each), pull (everything after a cursor,
//! in commit order) and the catalogue. Every function runs in one transaction bound to the
//! session's center, and every query names that center too.

use std::collections::{HashMap, HashSet};

use deadpool_postgres::{Pool, Transaction};
use onestop_protocol::check;
use onestop_protocol::merge::{
    consultation_without_personal, enforce_consent, has_active_consent, merge_consents, merge_fields,
};
use onestop_protocol::wire::{
    Change, ChangeBody, ChangeResult, ChangeStatus, ConsentRecord, FieldConflict, Fields, HubRole, Published, PullItem,
    PullResponse, PushRequest, PushResponse, MAX_BATCH,
};
use serde_json::Value;
use tokio_postgres::types::Json;
use uuid::Uuid;

use crate::auth::Session;
use crate::db;
use crate::error::{is_retryable, ApiError};

/// Attempts of a push transaction that failed on a serialization failure or deadlock.
const PUSH_ATTEMPTS: u32 = 4;

/// A failure inside a transaction: a database error (maybe worth a retry) or an answer.
enum Failure {
    Db(tokio_postgres::Error),
    Api(ApiError),
}

impl From<tokio_postgres::Error> for Failure {
    fn from(e: tokio_postgres::Error) -> Self {
        Failure::Db(e)
    }
}

impl From<Failure> for ApiError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Db(e) => e.into(),
            Failure::Api(e) => e,
        }
    }
}

/// Checks a push before any transaction begins: bad input writes nothing. Every change must read
/// with the domain's types (`check::change`), and only a manager erases; one change that fails
/// refuses the whole push, naming it (see `wire`).
fn validate(req: &PushRequest, session: &Session) -> Result<(), ApiError> {
    if req.changes.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "changes",
            format!("{} changes; at most {MAX_BATCH} per push", req.changes.len()),
        ));
    }
    for (i, change) in req.changes.iter().enumerate() {
        if matches!(change.body, ChangeBody::MerchantErased { .. }) && session.role != HubRole::Manager {
            return Err(ApiError::Forbidden(
                "only a manager erases a merchant over the hub (관리자만 가맹점을 삭제할 수 있습니다): \
                 sign this desk in to the hub as a manager, or ask one to erase it",
            ));
        }
        check::change(&change.body).map_err(|e| {
            let kind = kind_name(&change.body);
            ApiError::Invalid(format!("changes[{i}].{} ({kind} {}): {}", e.field, change.body.uid(), e.reason))
        })?;
    }
    Ok(())
}

/// Applies a desk's changes in order, in one transaction; see `wire::ChangeStatus` for the answers.
pub async fn push(pool: &Pool, session: &Session, req: &PushRequest) -> Result<PushResponse, ApiError> {
    validate(req, session)?;
    if req.changes.is_empty() {
        return Ok(PushResponse { results: Vec::new() });
    }
    let mut attempt = 1;
    loop {
        let mut client = pool.get().await?;
        match push_once(&mut client, session, req).await {
            Err(Failure::Db(e)) if is_retryable(&e) && attempt < PUSH_ATTEMPTS => {
                tracing::info!(attempt, sqlstate = e.code().map(|c| c.code()), "push retried");
                attempt += 1;
            }
            result => return result.map_err(ApiError::from),
        }
    }
}

async fn push_once(
    client: &mut deadpool_postgres::Client,
    session: &Session,
    req: &PushRequest,
) -> Result<PushResponse, Failure> {
    let tx = db::write_center(client, session.center).await?;
    let n = i64::try_from(req.changes.len()).map_err(|_| Failure::Api(ApiError::Internal))?;
    // The center's row lock serializes its pushes: seq order is commit order, so a puller that
    // has seen seq N never later meets a row committed below N. Everything read below is read
    // under it, so nothing else changes the center's rows until this transaction ends.
    let last: i64 = tx
        .query_opt(
            "UPDATE centers SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq",
            &[&session.center, &n],
        )
        .await?
        .ok_or(Failure::Api(ApiError::Internal))?
        .get(0);
    let mut batch = Batch::load(&tx, session.center, &req.changes).await?;
    let mut results = Vec::with_capacity(req.changes.len());
    for (seq, change) in (last - n + 1..).zip(&req.changes) {
        results.push(batch.apply(&tx, session.center, &session.login, change, seq).await?);
    }
    batch.flush(&tx, session, req.desk).await?;
    tx.commit().await?;
    Ok(PushResponse { results })
}

fn kind_name(body: &ChangeBody) -> &'static str {
    match body {
        ChangeBody::Merchant { .. } => "merchant",
        ChangeBody::MerchantErased { .. } => "merchant_erased",
        ChangeBody::ConsultationVersion { .. } => "consultation_version",
        ChangeBody::ApplicationVersion { .. } => "application_version",
        ChangeBody::VisitVersion { .. } => "visit_version",
    }
}

fn status_name(status: ChangeStatus) -> &'static str {
    match status {
        ChangeStatus::Applied => "applied",
        ChangeStatus::Conflict => "conflict",
        ChangeStatus::Duplicate => "duplicate",
        ChangeStatus::Erased => "erased",
    }
}

/// A merchant as the hub holds it, kept in memory while one push is applied.
struct MerchantRow {
    state: Fields,
    consents: Vec<ConsentRecord>,
    conflicts: Vec<FieldConflict>,
    erased: bool,
}

/// One push applied in order, in memory where it can be: what the push needs is read in three
/// queries up front (the change ids already applied, the merchants it names, the consultations'
/// last versions), merchants are written as they change (few), and the consultation versions
/// and the change records are written together at the end. The answers are those of applying
/// the changes one by one.
struct Batch {
    /// Change ids applied before or earlier in this push.
    seen: HashSet<Uuid>,
    /// The merchants this push names; absent: the hub has never had it.
    merchants: HashMap<Uuid, MerchantRow>,
    /// The last version of each consultation this push adds to.
    versions: HashMap<Uuid, i32>,
    new_versions: NewVersions,
    /// The same for applications and visit plans.
    application_versions: HashMap<Uuid, i32>,
    new_application_versions: NewVersions,
    visit_versions: HashMap<Uuid, i32>,
    new_visit_versions: NewVersions,
    records: Records,
}

#[derive(Default)]
struct NewVersions {
    uid: Vec<Uuid>,
    /// None only for a visit to a prospect.
    merchant_uid: Vec<Option<Uuid>>,
    version: Vec<i32>,
    change_id: Vec<Uuid>,
    data: Vec<Value>,
    seq: Vec<i64>,
}

#[derive(Default)]
struct Records {
    change_id: Vec<Uuid>,
    seq: Vec<i64>,
    kind: Vec<&'static str>,
    status: Vec<&'static str>,
    conflicts: Vec<Json<Vec<String>>>,
}

impl Batch {
    async fn load(tx: &Transaction<'_>, center: i64, changes: &[Change]) -> Result<Batch, Failure> {
        let ids: Vec<Uuid> = changes.iter().map(|c| c.id).collect();
        let mut merchant_uids = Vec::new();
        let mut consultation_uids = Vec::new();
        let mut application_uids = Vec::new();
        let mut visit_uids = Vec::new();
        for change in changes {
            match &change.body {
                ChangeBody::Merchant { uid, .. } | ChangeBody::MerchantErased { uid } => merchant_uids.push(*uid),
                ChangeBody::ConsultationVersion { uid, merchant_uid, .. } => {
                    merchant_uids.push(*merchant_uid);
                    consultation_uids.push(*uid);
                }
                ChangeBody::ApplicationVersion { uid, merchant_uid, .. } => {
                    merchant_uids.push(*merchant_uid);
                    application_uids.push(*uid);
                }
                ChangeBody::VisitVersion { uid, merchant_uid, .. } => {
                    merchant_uids.extend(merchant_uid);
                    visit_uids.push(*uid);
                }
            }
        }
        visit_uids.sort_unstable();
        visit_uids.dedup();
        application_uids.sort_unstable();
        application_uids.dedup();
        merchant_uids.sort_unstable();
        merchant_uids.dedup();
        consultation_uids.sort_unstable();
        consultation_uids.dedup();

        let seen =
            tx.prepare_cached("SELECT change_id FROM changes WHERE center_id = $1 AND change_id = ANY($2)").await?;
        let seen = tx.query(&seen, &[&center, &ids]).await?.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
        // Locked in uid order, so two pushes never wait for each other crosswise.
        let found = tx
            .prepare_cached(
                "SELECT uid, state, consents, conflicts, erased FROM merchants
                 WHERE center_id = $1 AND uid = ANY($2) ORDER BY uid FOR UPDATE",
            )
            .await?;
        let mut merchants = HashMap::new();
        for row in tx.query(&found, &[&center, &merchant_uids]).await? {
            let state: Json<Fields> = row.try_get(1)?;
            let consents: Json<Vec<ConsentRecord>> = row.try_get(2)?;
            let conflicts: Json<Vec<FieldConflict>> = row.try_get(3)?;
            merchants.insert(
                row.try_get(0)?,
                MerchantRow { state: state.0, consents: consents.0, conflicts: conflicts.0, erased: row.try_get(4)? },
            );
        }
        let versions = last_versions(tx, LAST_CONSULTATION_VERSIONS, center, &consultation_uids).await?;
        let application_versions = last_versions(tx, LAST_APPLICATION_VERSIONS, center, &application_uids).await?;
        let visit_versions = last_versions(tx, LAST_VISIT_VERSIONS, center, &visit_uids).await?;
        Ok(Batch {
            seen,
            merchants,
            versions,
            new_versions: NewVersions::default(),
            application_versions,
            new_application_versions: NewVersions::default(),
            visit_versions,
            new_visit_versions: NewVersions::default(),
            records: Records::default(),
        })
    }

    async fn apply(
        &mut self,
        tx: &Transaction<'_>,
        center: i64,
        login: &str,
        change: &Change,
        seq: i64,
    ) -> Result<ChangeResult, Failure> {
        if !self.seen.insert(change.id) {
            return Ok(ChangeResult { id: change.id, status: ChangeStatus::Duplicate, conflicts: Vec::new() });
        }
        let (status, conflicts) = match &change.body {
            ChangeBody::Merchant { uid, base, state, consents, resolves, created_at } => {
                match self.merchants.get_mut(uid) {
                    Some(row) if row.erased => (ChangeStatus::Erased, Vec::new()),
                    Some(row) => {
                        let mut merged = merge_fields(&row.state, &row.conflicts, base.as_ref(), state, resolves);
                        let consents = merge_consents(&row.consents, consents);
                        enforce_consent(&mut merged.state, &mut merged.conflicts, &consents);
                        if has_active_consent(&row.consents) && !has_active_consent(&consents) {
                            // Consent withdrawn: what the birth date told leaves the versions
                            // kept here, so no desk pulls it again.
                            self.new_versions.without_personal(*uid);
                            let stored = tx
                                .prepare_cached(
                                    "SELECT uid, version, data FROM consultation_versions
                                     WHERE center_id = $1 AND merchant_uid = $2",
                                )
                                .await?;
                            let update = tx
                                .prepare_cached(
                                    "UPDATE consultation_versions SET data = $4
                                     WHERE center_id = $1 AND uid = $2 AND version = $3",
                                )
                                .await?;
                            for r in tx.query(&stored, &[&center, uid]).await? {
                                let (v_uid, version, data): (Uuid, i32, Value) =
                                    (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
                                if let Some(data) = consultation_without_personal(&data) {
                                    tx.execute(&update, &[&center, &v_uid, &version, &data]).await?;
                                }
                            }
                        }
                        // A conflict about a personal field dropped for want of consent is no conflict.
                        let new: Vec<String> = merged
                            .new_conflicts
                            .into_iter()
                            .filter(|f| merged.conflicts.iter().any(|c| &c.field == f))
                            .collect();
                        let update = tx
                            .prepare_cached(
                                "UPDATE merchants SET state = $3, consents = $4, conflicts = $5, seq = $6
                                 WHERE center_id = $1 AND uid = $2",
                            )
                            .await?;
                        tx.execute(
                            &update,
                            &[&center, uid, &Json(&merged.state), &Json(&consents), &Json(&merged.conflicts), &seq],
                        )
                        .await?;
                        *row =
                            MerchantRow { state: merged.state, consents, conflicts: merged.conflicts, erased: false };
                        let status = if new.is_empty() { ChangeStatus::Applied } else { ChangeStatus::Conflict };
                        (status, new)
                    }
                    None => {
                        let mut state = state.clone();
                        let mut conflicts = Vec::new();
                        let consents = merge_consents(&[], consents);
                        enforce_consent(&mut state, &mut conflicts, &consents);
                        let insert = tx
                            .prepare_cached(
                                "INSERT INTO merchants (center_id, uid, state, consents, conflicts, created_at, erased, seq)
                                 VALUES ($1, $2, $3, $4, '[]', $5, false, $6)",
                            )
                            .await?;
                        tx.execute(&insert, &[&center, uid, &Json(&state), &Json(&consents), created_at, &seq]).await?;
                        self.merchants
                            .insert(*uid, MerchantRow { state, consents, conflicts: Vec::new(), erased: false });
                        (ChangeStatus::Applied, Vec::new())
                    }
                }
            }
            ChangeBody::MerchantErased { uid } => {
                let erase = tx
                    .prepare_cached(
                        "INSERT INTO merchants (center_id, uid, state, consents, conflicts, created_at, erased, seq, erased_by)
                         VALUES ($1, $2, '{}', '[]', '[]', NULL, true, $3, $4)
                         ON CONFLICT (center_id, uid) DO UPDATE
                         SET state = '{}', consents = '[]', conflicts = '[]', created_at = NULL, erased = true,
                             seq = excluded.seq, erased_by = excluded.erased_by",
                    )
                    .await?;
                tx.execute(&erase, &[&center, uid, &seq, &login]).await?;
                let versions = tx
                    .prepare_cached("DELETE FROM consultation_versions WHERE center_id = $1 AND merchant_uid = $2")
                    .await?;
                tx.execute(&versions, &[&center, uid]).await?;
                let applications = tx
                    .prepare_cached("DELETE FROM application_versions WHERE center_id = $1 AND merchant_uid = $2")
                    .await?;
                tx.execute(&applications, &[&center, uid]).await?;
                // Every version of its visits, those planned before the prospect was on file too.
                let visits = tx
                    .prepare_cached(
                        "DELETE FROM visit_versions WHERE center_id = $1
                            AND uid IN (SELECT uid FROM visit_versions WHERE center_id = $1 AND merchant_uid = $2)",
                    )
                    .await?;
                tx.execute(&visits, &[&center, uid]).await?;
                // Versions this push added before the erasure go too.
                self.new_versions.remove_merchant(*uid);
                self.new_application_versions.remove_merchant(*uid);
                self.new_visit_versions.remove_merchant(*uid);
                self.merchants.insert(
                    *uid,
                    MerchantRow { state: Fields::new(), consents: Vec::new(), conflicts: Vec::new(), erased: true },
                );
                (ChangeStatus::Applied, Vec::new())
            }
            ChangeBody::ConsultationVersion { uid, merchant_uid, data } => {
                if self.merchants.get(merchant_uid).is_some_and(|m| m.erased) {
                    (ChangeStatus::Erased, Vec::new())
                } else {
                    let last = self.versions.entry(*uid).or_insert(0);
                    *last += 1;
                    let version = *last;
                    let mut data = data.clone();
                    if let Some(object) = data.as_object_mut() {
                        object.insert("version".into(), Value::from(version));
                    }
                    // A version saved before a withdrawal this hub already has is kept without
                    // what the birth date told.
                    if self.merchants.get(merchant_uid).is_some_and(|m| !has_active_consent(&m.consents)) {
                        if let Some(redacted) = consultation_without_personal(&data) {
                            data = redacted;
                        }
                    }
                    self.new_versions.push(*uid, Some(*merchant_uid), version, change.id, data, seq);
                    (ChangeStatus::Applied, Vec::new())
                }
            }
            ChangeBody::ApplicationVersion { uid, merchant_uid, data } => {
                let (last, new) = (&mut self.application_versions, &mut self.new_application_versions);
                add_version(&self.merchants, last, new, (*uid, Some(*merchant_uid)), data, change.id, seq)
            }
            ChangeBody::VisitVersion { uid, merchant_uid, data } => {
                let (last, new) = (&mut self.visit_versions, &mut self.new_visit_versions);
                add_version(&self.merchants, last, new, (*uid, *merchant_uid), data, change.id, seq)
            }
        };
        let r = &mut self.records;
        r.change_id.push(change.id);
        r.seq.push(seq);
        r.kind.push(kind_name(&change.body));
        r.status.push(status_name(status));
        r.conflicts.push(Json(conflicts.clone()));
        Ok(ChangeResult { id: change.id, status, conflicts })
    }

    /// Writes the consultation and application versions and the change records of the push,
    /// one statement each.
    async fn flush(self, tx: &Transaction<'_>, session: &Session, desk: Uuid) -> Result<(), Failure> {
        let center = session.center;
        for (v, insert) in [
            (&self.new_versions, INSERT_CONSULTATION_VERSIONS),
            (&self.new_application_versions, INSERT_APPLICATION_VERSIONS),
            (&self.new_visit_versions, INSERT_VISIT_VERSIONS),
        ] {
            if !v.uid.is_empty() {
                let insert = tx.prepare_cached(insert).await?;
                tx.execute(&insert, &[&center, &v.uid, &v.merchant_uid, &v.version, &v.change_id, &v.data, &v.seq])
                    .await?;
            }
        }
        let r = self.records;
        if !r.change_id.is_empty() {
            let record = tx
                .prepare_cached(
                    "INSERT INTO changes (center_id, change_id, seq, desk, account_id, kind, status, conflicts)
                     SELECT $1::bigint, change_id, seq, $2::uuid, $3::bigint, kind, status, conflicts
                     FROM unnest($4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::jsonb[])
                          AS c (change_id, seq, kind, status, conflicts)",
                )
                .await?;
            tx.execute(
                &record,
                &[&center, &desk, &session.account, &r.change_id, &r.seq, &r.kind, &r.status, &r.conflicts],
            )
            .await?;
        }
        Ok(())
    }
}

const INSERT_CONSULTATION_VERSIONS: &str =
    "INSERT INTO consultation_versions (center_id, uid, merchant_uid, version, change_id, data, seq)
     SELECT $1::bigint, * FROM unnest($2::uuid[], $3::uuid[], $4::integer[], $5::uuid[], $6::jsonb[], $7::bigint[])";
const INSERT_APPLICATION_VERSIONS: &str =
    "INSERT INTO application_versions (center_id, uid, merchant_uid, version, change_id, data, seq)
     SELECT $1::bigint, * FROM unnest($2::uuid[], $3::uuid[], $4::integer[], $5::uuid[], $6::jsonb[], $7::bigint[])";

const INSERT_VISIT_VERSIONS: &str =
    "INSERT INTO visit_versions (center_id, uid, merchant_uid, version, change_id, data, seq)
     SELECT $1::bigint, * FROM unnest($2::uuid[], $3::uuid[], $4::integer[], $5::uuid[], $6::jsonb[], $7::bigint[])";
const LAST_CONSULTATION_VERSIONS: &str =
    "SELECT uid, max(version) FROM consultation_versions WHERE center_id = $1 AND uid = ANY($2) GROUP BY uid";
const LAST_APPLICATION_VERSIONS: &str =
    "SELECT uid, max(version) FROM application_versions WHERE center_id = $1 AND uid = ANY($2) GROUP BY uid";
const LAST_VISIT_VERSIONS: &str =
    "SELECT uid, max(version) FROM visit_versions WHERE center_id = $1 AND uid = ANY($2) GROUP BY uid";

/// The last version number of each record of `uids` in a version table.
async fn last_versions(
    tx: &Transaction<'_>,
    sql: &str,
    center: i64,
    uids: &[Uuid],
) -> Result<HashMap<Uuid, i32>, Failure> {
    let stmt = tx.prepare_cached(sql).await?;
    Ok(tx
        .query(&stmt, &[&center, &uids])
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, tokio_postgres::Error>>()?)
}

/// An application's or visit plan's version, numbered next in the hub's order (its data
/// carries the number); dropped when its merchant was erased.
fn add_version(
    merchants: &HashMap<Uuid, MerchantRow>,
    last: &mut HashMap<Uuid, i32>,
    new: &mut NewVersions,
    (uid, merchant_uid): (Uuid, Option<Uuid>),
    data: &Value,
    change_id: Uuid,
    seq: i64,
) -> (ChangeStatus, Vec<String>) {
    if merchant_uid.and_then(|m| merchants.get(&m)).is_some_and(|m| m.erased) {
        return (ChangeStatus::Erased, Vec::new());
    }
    let n = last.entry(uid).or_insert(0);
    *n += 1;
    let mut data = data.clone();
    if let Some(object) = data.as_object_mut() {
        object.insert("version".into(), Value::from(*n));
    }
    new.push(uid, merchant_uid, *n, change_id, data, seq);
    (ChangeStatus::Applied, Vec::new())
}

impl NewVersions {
    fn push(&mut self, uid: Uuid, merchant_uid: Option<Uuid>, version: i32, change_id: Uuid, data: Value, seq: i64) {
        self.uid.push(uid);
        self.merchant_uid.push(merchant_uid);
        self.version.push(version);
        self.change_id.push(change_id);
        self.data.push(data);
        self.seq.push(seq);
    }

    /// Drops the versions waiting to be written for an erased merchant.
    /// What the birth date told leaves the versions of `merchant` this push adds.
    fn without_personal(&mut self, merchant: Uuid) {
        for (m, data) in self.merchant_uid.iter().zip(self.data.iter_mut()) {
            if *m == Some(merchant) {
                if let Some(redacted) = consultation_without_personal(data) {
                    *data = redacted;
                }
            }
        }
    }

    fn remove_merchant(&mut self, merchant: Uuid) {
        let keep: Vec<bool> = self.merchant_uid.iter().map(|m| *m != Some(merchant)).collect();
        fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        retain(&mut self.uid, &keep);
        retain(&mut self.merchant_uid, &keep);
        retain(&mut self.version, &keep);
        retain(&mut self.change_id, &keep);
        retain(&mut self.data, &keep);
        retain(&mut self.seq, &keep);
    }
}

/// Merchants (as they are now), consultation and application versions changed after `after`,
/// by seq.
const PULL: &str = "
    SELECT seq, kind, uid, merchant_uid, version, change_id, data, consents, conflicts, created_at, erased, erased_by FROM (
        (SELECT seq, 0 AS kind, uid, NULL::uuid AS merchant_uid, NULL::integer AS version, NULL::uuid AS change_id,
                state AS data, consents, conflicts, created_at, erased, erased_by
         FROM merchants WHERE center_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
        UNION ALL
        (SELECT seq, 1, uid, merchant_uid, version, change_id, data, NULL, NULL, NULL, false, NULL
         FROM consultation_versions WHERE center_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
        UNION ALL
        (SELECT seq, 2, uid, merchant_uid, version, change_id, data, NULL, NULL, NULL, false, NULL
         FROM application_versions WHERE center_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
        UNION ALL
        (SELECT seq, 3, uid, merchant_uid, version, change_id, data, NULL, NULL, NULL, false, NULL
         FROM visit_versions WHERE center_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
    ) AS items
    ORDER BY seq LIMIT $3";

/// One page of the center's changes after the cursor `after`, from one snapshot.
pub async fn pull(pool: &Pool, session: &Session, after: i64, limit: usize) -> Result<PullResponse, ApiError> {
    let mut client = pool.get().await?;
    let tx = db::read_center(&mut client, session.center).await?;
    let center = tx
        .query_opt("SELECT catalogue_version, last_seq FROM centers WHERE id = $1", &[&session.center])
        .await?
        .ok_or(ApiError::Internal)?;
    let (catalogue_version, last_seq): (i64, i64) = (center.get(0), center.get(1));
    let fetch = i64::try_from(limit + 1).map_err(|_| ApiError::Internal)?;
    let mut rows = tx.query(PULL, &[&session.center, &after, &fetch]).await?;
    tx.commit().await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let seq: i64 = row.get(0);
        let uid: Uuid = row.get(2);
        let kind: i32 = row.get(1);
        let item = if kind == 1 {
            PullItem::ConsultationVersion {
                seq,
                uid,
                merchant_uid: row.get(3),
                version: row.get(4),
                change_id: row.get(5),
                data: row.get(6),
            }
        } else if kind == 3 {
            PullItem::VisitVersion {
                seq,
                uid,
                merchant_uid: row.get(3),
                version: row.get(4),
                change_id: row.get(5),
                data: row.get(6),
            }
        } else if kind == 2 {
            PullItem::ApplicationVersion {
                seq,
                uid,
                merchant_uid: row.get(3),
                version: row.get(4),
                change_id: row.get(5),
                data: row.get(6),
            }
        } else if row.get::<_, bool>(10) {
            PullItem::MerchantErased { seq, uid, erased_by: row.try_get(11)? }
        } else {
            let state: Json<Fields> = row.try_get(6)?;
            let consents: Json<Vec<ConsentRecord>> = row.try_get(7)?;
            let conflicts: Json<Vec<FieldConflict>> = row.try_get(8)?;
            PullItem::Merchant {
                seq,
                uid,
                state: state.0,
                consents: consents.0,
                conflicts: conflicts.0,
                created_at: row.try_get::<_, Option<_>>(9)?.ok_or(ApiError::Internal)?,
            }
        };
        items.push(item);
    }
    let next = items.last().map_or(after, PullItem::seq);
    Ok(PullResponse { items, next, more, catalogue_version, last_seq: Some(last_seq) })
}

/// Publishes a catalogue as the center's next version.
pub async fn publish(
    pool: &Pool,
    session: &Session,
    programs: &[Value],
    partners: &[Value],
) -> Result<Published, ApiError> {
    let mut client = pool.get().await?;
    let tx = db::write_center(&mut client, session.center).await?;
    let version: i64 = tx
        .query_opt(
            "UPDATE centers SET catalogue_version = catalogue_version + 1 WHERE id = $1 RETURNING catalogue_version",
            &[&session.center],
        )
        .await?
        .ok_or(ApiError::Internal)?
        .get(0);
    let published_at = tx
        .query_one(
            "INSERT INTO catalogues (center_id, version, programs, published_by, partners) VALUES ($1, $2, $3, $4, $5)
             RETURNING published_at",
            &[&session.center, &version, &Json(programs), &session.login, &Json(partners)],
        )
        .await?
        .get(0);
    tx.commit().await?;
    Ok(Published {
        version,
        published_by: session.login.clone(),
        published_at,
        programs: Vec::new(),
        partners: Vec::new(),
    })
}

/// The newest published catalogue with its programs, if any.
pub async fn latest_catalogue(pool: &Pool, session: &Session) -> Result<Option<Published>, ApiError> {
    let mut client = pool.get().await?;
    let tx = db::read_center(&mut client, session.center).await?;
    let row = tx
        .query_opt(
            "SELECT version, programs, published_by, published_at, partners FROM catalogues
             WHERE center_id = $1 ORDER BY version DESC LIMIT 1",
            &[&session.center],
        )
        .await?;
    tx.commit().await?;
    let Some(row) = row else { return Ok(None) };
    let programs: Json<Vec<Value>> = row.try_get(1)?;
    let partners: Json<Vec<Value>> = row.try_get(4)?;
    Ok(Some(Published {
        version: row.get(0),
        published_by: row.get(2),
        published_at: row.get(3),
        programs: programs.0,
        partners: partners.0,
    }))
}
