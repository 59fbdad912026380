//! The desk ↔ hub protocol: JSON over HTTPS. Shared by the desk's sync client and
//! `onestop-hub`, so both sides always agree on the shape.
//!
//! Every request but `POST /v1/login` and `GET /health` carries `Authorization: Bearer <token>`.
//! The center is never sent by the desk: the hub takes it from the token.
//!
//! | method and path        | body → answer                                   |
//! |------------------------|-------------------------------------------------|
//! | `GET /health`          | → [`Health`] (503 when the database is down)    |
//! | `POST /v1/login`       | [`LoginRequest`] → [`LoginResponse`]            |
//! | `POST /v1/logout`      | → 204, the token is revoked                     |
//! | `GET /v1/me`           | → [`Me`]                                        |
//! | `POST /v1/push`        | [`PushRequest`] → [`PushResponse`]              |
//! | `GET /v1/pull?after=N&limit=M` | → [`PullResponse`]                      |
//! | `POST /v1/catalogue`   | [`PublishRequest`] → [`Published`] (managers)   |
//! | `GET /v1/catalogue`    | → [`Published`] with programs (404 when none)   |
//!
//! Errors are [`ErrorBody`] with the HTTP status: 400 bad input (naming the field), 401 no,
//! wrong, expired or revoked token, 403 not allowed for this role, 404, 503 database down.
//!
//! A push is checked whole before anything is applied: every change must read with the domain's
//! types (`check::change`: a merchant's state as a profile, a consultation's or an application's
//! data as one of the record and merchant the change names), and an erasure needs the manager
//! role. One change that fails refuses the whole push (400 naming `changes[i].<field>`, the kind
//! and the record; 403 for an erasure by staff) and nothing of it is written: the protocol has no
//! per-change refusal, and a desk that applied half a push would have to tell which half.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Bumped when the protocol changes incompatibly; sent as `Onestop-Protocol`.
pub const PROTOCOL: u32 = 1;
pub const PROTOCOL_HEADER: &str = "onestop-protocol";
/// Most changes in one push and items in one pull page.
pub const MAX_BATCH: usize = 500;

/// A profile as a JSON object: missing keys are unknown facts.
pub type Fields = Map<String, Value>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub database: String,
    pub protocol: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    /// The desk's own id (stable per database) and a name staff recognise, for revoking.
    pub desk: Uuid,
    pub desk_name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub login: String,
    pub center: String,
    /// The center's identity: a desk binds to it, not to the name (absent from hubs before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_uid: Option<Uuid>,
    pub role: HubRole,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubRole {
    Manager,
    Staff,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Me {
    pub login: String,
    pub center: String,
    pub role: HubRole,
    pub expires_at: DateTime<Utc>,
}

/// A consent record as it travels (see `privacy::Consent`). Two records are the same consent
/// when `recorded_at`, `given_on`, `form` and `recorded_by` agree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    pub given_on: NaiveDate,
    pub form: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    #[serde(default)]
    pub withdrawn_on: Option<NaiveDate>,
}

/// One change from a desk's outbox. `id` is made once on the desk when the change is saved,
/// so a change sent twice (a lost answer, a retry) is applied once.
// No `deny_unknown_fields` here: serde does not support it together with `flatten`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: Uuid,
    pub at: NaiveDateTime,
    #[serde(flatten)]
    pub body: ChangeBody,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeBody {
    /// A merchant added (`base` is None) or edited: the fields before and after the edit on
    /// the desk, so the hub merges field by field. `resolves` names fields whose conflict staff
    /// settled with this edit.
    Merchant {
        uid: Uuid,
        base: Option<Fields>,
        state: Fields,
        #[serde(default)]
        consents: Vec<ConsentRecord>,
        #[serde(default)]
        resolves: Vec<String>,
        created_at: NaiveDateTime,
    },
    /// A merchant erased (right to erasure): everything about it goes, on every desk.
    MerchantErased { uid: Uuid },
    /// A saved version of a consultation (the whole consultation as JSON). Versions are only
    /// ever added.
    ConsultationVersion { uid: Uuid, merchant_uid: Uuid, data: Value },
    /// A saved version of an application (the whole application with its duties, as JSON).
    /// Versions are only ever added; the hub's order numbers them, as a consultation's.
    ApplicationVersion { uid: Uuid, merchant_uid: Uuid, data: Value },
    /// A saved version of a visit plan; `merchant_uid` is absent for a visit to a prospect not
    /// yet on file.
    VisitVersion {
        uid: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        merchant_uid: Option<Uuid>,
        data: Value,
    },
}

impl ChangeBody {
    pub fn uid(&self) -> Uuid {
        match self {
            ChangeBody::Merchant { uid, .. }
            | ChangeBody::MerchantErased { uid }
            | ChangeBody::ConsultationVersion { uid, .. }
            | ChangeBody::ApplicationVersion { uid, .. }
            | ChangeBody::VisitVersion { uid, .. } => *uid,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub desk: Uuid,
    pub changes: Vec<Change>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    /// Applied now.
    Applied,
    /// Applied, but some fields collided with another desk's edit: both values are kept.
    Conflict,
    /// Applied earlier (the same change id): nothing changed now.
    Duplicate,
    /// The merchant was erased; the change was dropped, as erasure requires.
    Erased,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeResult {
    pub id: Uuid,
    pub status: ChangeStatus,
    /// Fields left in conflict by this change.
    #[serde(default)]
    pub conflicts: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<ChangeResult>,
}

/// A field two desks set to different values. `values[0]` is the one the hub had (and keeps
/// as the current value until staff choose), the rest came later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    pub values: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PullItem {
    /// The merchant as it is now on the hub.
    Merchant {
        seq: i64,
        uid: Uuid,
        state: Fields,
        consents: Vec<ConsentRecord>,
        conflicts: Vec<FieldConflict>,
        created_at: NaiveDateTime,
    },
    /// Erased by `erased_by` (the hub login of the manager who pushed the erasure; absent from
    /// hubs before it was sent).
    MerchantErased {
        seq: i64,
        uid: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        erased_by: Option<String>,
    },
    /// One consultation version; `version` is its place in the hub's order (from 1).
    ConsultationVersion { seq: i64, uid: Uuid, merchant_uid: Uuid, version: i32, change_id: Uuid, data: Value },
    /// One application version; `version` is its place in the hub's order (from 1).
    ApplicationVersion { seq: i64, uid: Uuid, merchant_uid: Uuid, version: i32, change_id: Uuid, data: Value },
    /// One visit plan version (`merchant_uid` absent for a prospect).
    VisitVersion {
        seq: i64,
        uid: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        merchant_uid: Option<Uuid>,
        version: i32,
        change_id: Uuid,
        data: Value,
    },
}

impl PullItem {
    pub fn seq(&self) -> i64 {
        match self {
            PullItem::Merchant { seq, .. }
            | PullItem::MerchantErased { seq, .. }
            | PullItem::ConsultationVersion { seq, .. }
            | PullItem::ApplicationVersion { seq, .. }
            | PullItem::VisitVersion { seq, .. } => *seq,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PullResponse {
    pub items: Vec<PullItem>,
    /// The cursor to send next time: the highest `seq` in `items`, or `after` when none.
    pub next: i64,
    /// More items wait after `next`.
    pub more: bool,
    /// The newest published catalogue version (0: none yet).
    pub catalogue_version: i64,
    /// The highest sequence number the center has handed out: a desk whose cursor is past it
    /// talks to a hub restored from an earlier state and pulls again from the start (absent
    /// from hubs before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seq: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Every program of the catalogue, as stored on the desk (see `sync::CatalogueEntry`).
    pub programs: Vec<Value>,
    /// The center's partner directory (`partner::Partner`), retired entries included.
    #[serde(default)]
    pub partners: Vec<Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Published {
    pub version: i64,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
    #[serde(default)]
    pub programs: Vec<Value>,
    /// The partner directory published with it (absent from hubs before it).
    #[serde(default)]
    pub partners: Vec<Value>,
}
