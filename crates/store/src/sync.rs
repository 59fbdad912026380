//! The desk's sync state (tables `sync_state`, `sync_conflicts`, `sync_parked`, `sync_set_aside`)
//! and what a pulled page does to the records: merchants merged field by field (changes still
//! waiting here stay on top), consultation and application versions numbered in the hub's order, versions parked
//! until their merchant arrives, erasures applied (the audit line names the eraser the hub sent),
//! items this desk cannot read set aside. The journal records each.

use chrono::NaiveDateTime;
use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::merchant::Merchant;
use onestop_domain::profile::Profile;
use onestop_domain::visit::Visit;
use onestop_protocol::check;
use onestop_protocol::merge::{enforce_consent, has_active_consent, merge_consents, merge_fields};
use onestop_protocol::wire::{Change, ChangeBody, PullItem, PullResponse};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::journal::outbox::consent_records;
use crate::journal::{self, Erasure, Event};
use crate::{Error, Result};

/// A value of the desk's sync state (hub, token, cursor, ...).
pub fn state_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

/// Set a value of the desk's sync state.
pub fn state_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Forget values of the sync state (the token when signing out).
pub fn state_forget(conn: &Connection, keys: &[&str]) -> Result<()> {
    for k in keys {
        conn.prepare_cached("DELETE FROM sync_state WHERE key = ?1")?.execute([k])?;
    }
    Ok(())
}

/// Whether `sql` (a query with one parameter) finds a row.
fn row_exists(conn: &Connection, sql: &str, param: &str) -> Result<bool> {
    Ok(conn.prepare_cached(sql)?.exists([param])?)
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v).expect("serializing plain data cannot fail"))
}

/// What a pulled page did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Items applied.
    pub items: u32,
    /// Items this desk could not read, set aside (`sync_set_aside`).
    pub set_aside: u32,
}

/// Apply one pulled page by `who` at `at` and move the cursor past it (in the caller's
/// transaction). An item this desk cannot read (`check::pull_item`) is set aside, not applied,
/// and the page goes on.
pub fn apply_page(tx: &Connection, who: &str, at: NaiveDateTime, page: &PullResponse) -> Result<Applied> {
    let mut applied = Applied::default();
    let mut readable = Vec::with_capacity(page.items.len());
    for item in &page.items {
        match check::pull_item(item) {
            Ok(()) => readable.push(item),
            Err(problem) => {
                set_aside(tx, at, item, &problem)?;
                applied.set_aside += 1;
            }
        }
    }
    // Merchants first: a consultation or an application in this page may belong to a merchant in it.
    let (versions, merchants): (Vec<&PullItem>, Vec<&PullItem>) = readable.into_iter().partition(|i| {
        matches!(
            i,
            PullItem::ConsultationVersion { .. } | PullItem::ApplicationVersion { .. } | PullItem::VisitVersion { .. }
        )
    });
    for item in merchants {
        apply_merchant(tx, who, at, item)?;
        applied.items += 1;
    }
    for item in versions {
        apply_version(tx, who, at, item)?;
        applied.items += 1;
    }
    // Versions parked for a merchant that has now arrived.
    let parked: Vec<(i64, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT p.seq, p.item FROM sync_parked p JOIN merchants m ON m.id = p.merchant_id ORDER BY p.seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        rows
    };
    for (seq, text) in parked {
        let item: PullItem =
            serde_json::from_str(&text).map_err(|e| Error::corrupt(format!("parked sync item {seq}"), e))?;
        tx.prepare_cached("DELETE FROM sync_parked WHERE seq = ?1")?.execute([seq])?;
        apply_version(tx, who, at, &item)?;
    }
    state_set(tx, "cursor", &page.next.to_string())?;
    Ok(applied)
}

/// Keeps an item this desk cannot read, with why.
fn set_aside(tx: &Connection, at: NaiveDateTime, item: &PullItem, problem: &check::Unreadable) -> Result<()> {
    let (kind, record, merchant) = match item {
        PullItem::Merchant { uid, .. } | PullItem::MerchantErased { uid, .. } => ("merchant", uid, uid),
        PullItem::ConsultationVersion { uid, merchant_uid, .. } => ("consultation_version", uid, merchant_uid),
        PullItem::ApplicationVersion { uid, merchant_uid, .. } => ("application_version", uid, merchant_uid),
        PullItem::VisitVersion { uid, merchant_uid, .. } => {
            ("visit_version", uid, merchant_uid.as_ref().unwrap_or(uid))
        }
    };
    tx.prepare_cached(
        "INSERT OR REPLACE INTO sync_set_aside(seq, kind, record_id, merchant_id, problem, item, set_aside_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        item.seq(),
        kind,
        record.to_string(),
        merchant.to_string(),
        problem.to_string(),
        to_json(item)?,
        at
    ])?;
    Ok(())
}

fn apply_merchant(tx: &Connection, who: &str, at: NaiveDateTime, item: &PullItem) -> Result<()> {
    match item {
        PullItem::MerchantErased { uid, erased_by, .. } => {
            let id = uid.to_string();
            if row_exists(tx, "SELECT 1 FROM merchants WHERE id = ?1", &id)? {
                // The audit line names who erased (the manager's hub login), not who pulled it.
                let by = erased_by.as_deref().unwrap_or(who);
                journal::record(tx, by, at, Event::MerchantErased { merchant_id: &id, how: Erasure::BySync })?;
                crate::merchants::erase(tx, &id)?;
            } else {
                journal::record(tx, who, at, Event::MerchantForgotten { merchant_id: &id })?;
            }
        }
        PullItem::Merchant { uid, state, consents, conflicts, created_at, .. } => {
            let id = uid.to_string();
            if row_exists(tx, "SELECT 1 FROM sync_outbox WHERE kind = 'merchant_erased' AND record_id = ?1", &id)? {
                // Erased here; the erasure is on its way to the hub. Never bring it back.
                return Ok(());
            }
            // Changes made here since the push (still waiting) stay on top of the hub's state.
            let mut state = state.clone();
            let mut conflicts = conflicts.clone();
            let waiting: Vec<String> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT body FROM sync_outbox WHERE kind = 'merchant' AND record_id = ?1 ORDER BY seq",
                )?;
                let rows = stmt.query_map([&id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                rows
            };
            let mut consents = merge_consents(&consent_records(tx, &id)?, consents);
            for body in waiting {
                let change: Change = serde_json::from_str(&body).map_err(|e| Error::corrupt("outbox change", e))?;
                if let ChangeBody::Merchant { base, state: after, resolves, consents: c, .. } = change.body {
                    state = merge_fields(&state, &[], base.as_ref(), &after, &resolves).state;
                    conflicts.retain(|x| !resolves.contains(&x.field));
                    consents = merge_consents(&consents, &c);
                }
            }
            enforce_consent(&mut state, &mut conflicts, &consents);
            let profile = Profile::from_json_value(&Value::Object(state))
                .map_err(|e| Error::invalid(format!("merchant {id} from the hub"), "…", e.to_string()))?;
            let old: Option<NaiveDateTime> = tx
                .prepare_cached("SELECT created_at FROM merchants WHERE id = ?1")?
                .query_row([&id], |r| r.get(0))
                .optional()?;
            let m = Merchant { id: id.clone(), profile, created_at: old.unwrap_or(*created_at), updated_at: at };
            crate::merchants::write_row(tx, &m)?;
            tx.prepare_cached("DELETE FROM consents WHERE merchant_id = ?1")?.execute([&id])?;
            let mut insert_consent = tx.prepare_cached(
                "INSERT INTO consents(merchant_id, given_on, form, recorded_by, recorded_at, withdrawn_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &consents {
                insert_consent.execute(params![
                    id,
                    c.given_on,
                    c.form,
                    c.recorded_by,
                    c.recorded_at,
                    c.withdrawn_on
                ])?;
            }
            if !has_active_consent(&consents) {
                // Consent withdrawn (here or elsewhere): what the birth date told leaves the
                // merchant's saved consultations here too.
                crate::consultations::without_personal(tx, &id)?;
            }
            tx.prepare_cached("DELETE FROM sync_conflicts WHERE merchant_id = ?1")?.execute([&id])?;
            // A state that reads now replaces one set aside earlier.
            tx.prepare_cached("DELETE FROM sync_set_aside WHERE kind = 'merchant' AND record_id = ?1")?
                .execute([&id])?;
            let mut insert_conflict =
                tx.prepare_cached("INSERT INTO sync_conflicts(merchant_id, field, vals) VALUES (?1, ?2, ?3)")?;
            for c in &conflicts {
                insert_conflict.execute(params![id, c.field, to_json(&c.values)?])?;
            }
            journal::record(tx, who, m.updated_at, Event::MerchantReceived { merchant: &m, created: old.is_none() })?;
        }
        PullItem::ConsultationVersion { .. } | PullItem::ApplicationVersion { .. } | PullItem::VisitVersion { .. } => {}
    }
    Ok(())
}

/// A consultation's or an application's version; parked until its merchant is here.
fn apply_version(tx: &Connection, who: &str, at: NaiveDateTime, item: &PullItem) -> Result<()> {
    if let PullItem::VisitVersion { uid, merchant_uid, version, change_id, data, seq } = item {
        // A visit to a prospect has no merchant to wait for.
        if let Some(m) = merchant_uid {
            let m = m.to_string();
            if !row_exists(tx, "SELECT 1 FROM merchants WHERE id = ?1", &m)? {
                tx.prepare_cached("INSERT OR REPLACE INTO sync_parked(seq, merchant_id, item) VALUES (?1, ?2, ?3)")?
                    .execute(params![seq, m, to_json(item)?])?;
                return Ok(());
            }
        }
        let v = Visit::deserialize(data)
            .map_err(|e| Error::invalid(format!("visit {uid} from the hub"), "…", e.to_string()))?;
        let (new_version, created) = crate::visits::receive_version(tx, v, *version, &change_id.to_string())?;
        if new_version {
            let id = uid.to_string();
            journal::record(tx, who, at, Event::VisitReceived { visit_id: &id, created })?;
        }
        return Ok(());
    }
    let (PullItem::ConsultationVersion { seq, merchant_uid, .. }
    | PullItem::ApplicationVersion { seq, merchant_uid, .. }) = item
    else {
        return Ok(());
    };
    let merchant_id = merchant_uid.to_string();
    if !row_exists(tx, "SELECT 1 FROM merchants WHERE id = ?1", &merchant_id)? {
        tx.prepare_cached("INSERT OR REPLACE INTO sync_parked(seq, merchant_id, item) VALUES (?1, ?2, ?3)")?
            .execute(params![seq, merchant_id, to_json(item)?])?;
        return Ok(());
    }
    match item {
        PullItem::ApplicationVersion { uid, version, change_id, data, .. } => {
            let a = Application::deserialize(data)
                .map_err(|e| Error::invalid(format!("application {uid} from the hub"), "…", e.to_string()))?;
            if a.id != *uid || a.merchant_id != merchant_id {
                return Err(Error::invalid(format!("application {uid} from the hub"), a.id, "ids disagree"));
            }
            let (new_version, created) = crate::applications::receive_version(tx, a, *version, &change_id.to_string())?;
            if new_version {
                let id = uid.to_string();
                journal::record(tx, who, at, Event::ApplicationReceived { application_id: &id, created })?;
            }
            Ok(())
        }
        _ => apply_consultation_version(tx, who, at, item, &merchant_id),
    }
}

fn apply_consultation_version(
    tx: &Connection,
    who: &str,
    at: NaiveDateTime,
    item: &PullItem,
    merchant_id: &str,
) -> Result<()> {
    let PullItem::ConsultationVersion { uid, version, change_id, data, .. } = item else {
        return Ok(());
    };
    let merchant_id = merchant_id.to_string();
    let mut c = Consultation::deserialize(data)
        .map_err(|e| Error::invalid(format!("consultation {uid} from the hub"), "…", e.to_string()))?;
    if c.id != *uid || c.merchant_id != merchant_id {
        return Err(Error::invalid(format!("consultation {uid} from the hub"), c.id, "ids disagree"));
    }
    if !crate::consents::has_active(tx, &merchant_id)? {
        c.without_personal();
    }
    let id = uid.to_string();
    let change = change_id.to_string();
    let mine: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM consultation_versions WHERE consultation_id = ?1 AND change_id = ?2")?
        .query_row(params![id, change], |r| r.get(0))
        .optional()?;
    let exists = row_exists(tx, "SELECT 1 FROM consultations WHERE id = ?1", &id)?;
    if !exists {
        // Its first version (a version needs its consultation's row).
        c.version = 1;
        crate::consultations::write_rows(tx, &c, true)?;
        journal::record(tx, who, at, Event::ConsultationCurrent { consultation: &c })?;
    }
    match mine {
        Some(rowid) => {
            tx.prepare_cached("UPDATE consultation_versions SET hub_version = ?2 WHERE rowid = ?1")?
                .execute(params![rowid, version])?;
        }
        None => {
            c.version = tx
                .prepare_cached(
                    "SELECT coalesce(max(version), 0) + 1 FROM consultation_versions WHERE consultation_id = ?1",
                )?
                .query_row([&id], |r| r.get(0))?;
            tx.prepare_cached(
                "INSERT INTO consultation_versions(consultation_id, version, data, saved_at, change_id, hub_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, c.version, to_json(&c)?, c.updated_at, change, version])?;
            let received = Event::ConsultationReceived { consultation_id: &id, created: !exists };
            journal::record(tx, who, at, received)?;
        }
    }
    if renumber_versions(tx, &id)? {
        let latest: String = tx
            .prepare_cached(
                "SELECT data FROM consultation_versions WHERE consultation_id = ?1 ORDER BY version DESC LIMIT 1",
            )?
            .query_row([&id], |r| r.get(0))?;
        let current: Consultation = serde_json::from_str(&latest).map_err(|e| Error::corrupt("consultation", e))?;
        crate::consultations::write_rows(tx, &current, false)?;
        journal::record(tx, who, at, Event::ConsultationCurrent { consultation: &current })?;
    } else if exists && mine.is_none() {
        // Numbered last without renumbering: the new version is the current one.
        crate::consultations::write_rows(tx, &c, false)?;
        journal::record(tx, who, at, Event::ConsultationCurrent { consultation: &c })?;
    }
    Ok(())
}

/// A consultation's versions, numbered in the hub's order (see `versions::renumber`).
const NUMBERING: crate::versions::Numbering = crate::versions::Numbering {
    order: "SELECT rowid, version FROM consultation_versions WHERE consultation_id = ?1
             ORDER BY hub_version IS NULL, hub_version, version",
    park: "UPDATE consultation_versions SET version = ?2 WHERE rowid = ?1",
    set: "UPDATE consultation_versions SET version = ?2, data = json_set(data, '$.version', ?2) WHERE rowid = ?1",
};

fn renumber_versions(tx: &Connection, id: &str) -> Result<bool> {
    crate::versions::renumber(tx, &NUMBERING, id)
}

// ----- reads ---------------------------------------------------------------------------------

/// How many changes wait to be pushed, and how many programs and partners wait for a catalogue
/// publish.
pub fn waiting(conn: &Connection) -> Result<(u32, u32)> {
    let count = |sql: &str| -> Result<u32> { Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?) };
    Ok((
        count("SELECT count(*) FROM sync_outbox WHERE kind NOT IN ('program', 'partner')")?,
        count("SELECT count(*) FROM sync_outbox WHERE kind IN ('program', 'partner')")?,
    ))
}

/// How many fields are in conflict.
pub fn conflict_count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM sync_conflicts")?.query_row([], |r| r.get(0))?)
}

/// How many pulled items are set aside.
pub fn set_aside_count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM sync_set_aside")?.query_row([], |r| r.get(0))?)
}

/// A pulled item set aside: where it was on the hub, what it is, and why it did not read.
pub struct SetAside {
    pub seq: i64,
    pub kind: String,
    pub record_id: String,
    pub problem: String,
    pub set_aside_at: NaiveDateTime,
}

/// Every item set aside, in the hub's order.
pub fn set_aside_items(conn: &Connection) -> Result<Vec<SetAside>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, kind, record_id, problem, set_aside_at FROM sync_set_aside ORDER BY seq")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SetAside {
                seq: r.get(0)?,
                kind: r.get(1)?,
                record_id: r.get(2)?,
                problem: r.get(3)?,
                set_aside_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A field two desks set differently: the merchant, its name and the values.
pub struct Conflict {
    pub merchant_id: String,
    pub merchant_name: Option<String>,
    pub field: String,
    pub values: Vec<Value>,
}

/// Every field in conflict, by merchant name.
pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.merchant_id, m.name, c.field, c.vals FROM sync_conflicts c
           LEFT JOIN merchants m ON m.id = c.merchant_id ORDER BY m.name, c.merchant_id, c.field",
    )?;
    let rows: Vec<(String, Option<String>, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(merchant_id, merchant_name, field, vals)| {
            let values = serde_json::from_str(&vals).map_err(|e| Error::corrupt("sync conflict", e))?;
            Ok(Conflict { merchant_id, merchant_name, field, values })
        })
        .collect()
}

/// Whether a merchant's field is in conflict.
pub fn in_conflict(conn: &Connection, merchant_id: &str, field: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_conflicts WHERE merchant_id = ?1 AND field = ?2")?
        .exists(params![merchant_id, field])?)
}

/// The next `n` changes to push, oldest first.
pub fn outbox_batch(conn: &Connection, n: usize) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, body FROM sync_outbox WHERE kind NOT IN ('program', 'partner') ORDER BY seq LIMIT ?1",
    )?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(seq, body)| serde_json::from_str(&body).map_err(|e| Error::corrupt(format!("outbox change {seq}"), e)))
        .collect()
}

/// Whether a program changed here waits for a catalogue publish.
pub fn program_waiting(conn: &Connection, program_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_outbox WHERE kind = 'program' AND record_id = ?1")?
        .exists([program_id])?)
}

/// Whether a partner changed here waits for a catalogue publish.
pub fn partner_waiting(conn: &Connection, partner_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_outbox WHERE kind = 'partner' AND record_id = ?1")?
        .exists([partner_id])?)
}
