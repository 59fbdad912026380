//! The desk's outbox (table `sync_outbox`, written only through the journal): every change to merchants, consultations and the catalogue is written
//! here in the same transaction as the change itself, so a change saved is a change synced,
//! whatever happens in between (no network for days, the app killed, a lost answer).

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use uuid::Uuid;

use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::profile::Profile;
use onestop_domain::profile::PERSONAL_FIELDS;
use onestop_domain::visit::Visit;
use onestop_protocol::wire::{Change, ChangeBody, ConsentRecord, Fields};

use crate::{Error, Result};

pub fn fields(p: &Profile) -> Fields {
    match serde_json::to_value(p) {
        Ok(Value::Object(m)) => m,
        _ => Fields::new(),
    }
}

pub fn consent_records(conn: &Connection, merchant_id: &str) -> Result<Vec<ConsentRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT given_on, form, recorded_by, recorded_at, withdrawn_on FROM consents WHERE merchant_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([merchant_id], |r| {
        Ok(ConsentRecord {
            given_on: r.get(0)?,
            form: r.get(1)?,
            recorded_by: r.get(2)?,
            recorded_at: r.get(3)?,
            withdrawn_on: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn push(conn: &Connection, at: NaiveDateTime, kind: &str, record_id: &str, body: Option<ChangeBody>) -> Result<Uuid> {
    let id = Uuid::new_v4();
    let text = match body {
        Some(body) => serde_json::to_string(&Change { id, at, body }).expect("serializing plain data cannot fail"),
        None => String::new(),
    };
    conn.prepare_cached("INSERT INTO sync_outbox(change_id, kind, record_id, body, at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id.to_string(), kind, record_id, text, at])?;
    Ok(id)
}

fn uuid(what: &str, s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::invalid(what, s, "is not a UUID"))
}

/// A merchant was added (`base` None) or changed: record its fields before and after (read back
/// from `conn`, so consents and stripped personal fields are as saved). Editing a field that is
/// in conflict settles the conflict with the new value.
pub(super) fn merchant_changed(
    conn: &Connection,
    at: NaiveDateTime,
    id: &str,
    base: Option<&Profile>,
    mut resolves: Vec<String>,
) -> Result<()> {
    let (profile, created_at): (String, NaiveDateTime) =
        conn.query_row("SELECT profile, created_at FROM merchants WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let state: Fields = serde_json::from_str(&profile).map_err(|e| Error::corrupt("profile", e))?;
    let base = base.map(fields);
    if let Some(b) = &base {
        let mut stmt = conn.prepare_cached("SELECT field FROM sync_conflicts WHERE merchant_id = ?1")?;
        let open: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for f in open {
            if b.get(&f) != state.get(&f) && !resolves.contains(&f) {
                resolves.push(f);
            }
        }
    }
    for f in &resolves {
        conn.execute("DELETE FROM sync_conflicts WHERE merchant_id = ?1 AND field = ?2", params![id, f])?;
    }
    let consents = consent_records(conn, id)?;
    let body = ChangeBody::Merchant { uid: uuid("merchant id", id)?, base, state, consents, resolves, created_at };
    push(conn, at, "merchant", id, Some(body))?;
    Ok(())
}

/// A consultation version was saved; returns the change id, kept with the version.
pub(super) fn consultation_saved(conn: &Connection, at: NaiveDateTime, c: &Consultation) -> Result<Uuid> {
    let data = serde_json::to_value(c).expect("serializing plain data cannot fail");
    let body = ChangeBody::ConsultationVersion { uid: c.id, merchant_uid: uuid("merchant id", &c.merchant_id)?, data };
    push(conn, at, "consultation_version", &c.id.to_string(), Some(body))
}

/// An application version was saved; returns the change id, kept with the version.
pub(super) fn application_saved(conn: &Connection, at: NaiveDateTime, a: &Application) -> Result<Uuid> {
    let data = serde_json::to_value(a).expect("serializing plain data cannot fail");
    let body = ChangeBody::ApplicationVersion { uid: a.id, merchant_uid: uuid("merchant id", &a.merchant_id)?, data };
    push(conn, at, "application_version", &a.id.to_string(), Some(body))
}

/// A visit plan version was saved; returns the change id, kept with the version.
pub(super) fn visit_saved(conn: &Connection, at: NaiveDateTime, v: &Visit) -> Result<Uuid> {
    let data = serde_json::to_value(v).expect("serializing plain data cannot fail");
    let merchant_uid = v.merchant_id.as_deref().map(|m| uuid("merchant id", m)).transpose()?;
    let body = ChangeBody::VisitVersion { uid: v.id, merchant_uid, data };
    push(conn, at, "visit_version", &v.id.to_string(), Some(body))
}

/// A merchant is being erased: the changes waiting about it (they hold its personal data) go,
/// and the erasure itself is sent so every desk erases it too. Call before the rows go.
pub(super) fn merchant_erased(conn: &Connection, at: NaiveDateTime, id: &str) -> Result<()> {
    forget_merchant(conn, id)?;
    push(conn, at, "merchant_erased", id, Some(ChangeBody::MerchantErased { uid: uuid("merchant id", id)? }))?;
    Ok(())
}

/// Drop everything sync holds about a merchant (changes waiting about it, its consultations or
/// applications,
/// conflicts, parked versions, items set aside), before its rows go.
pub(super) fn forget_merchant(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_outbox WHERE record_id = ?1
            OR record_id IN (SELECT id FROM consultations WHERE merchant_id = ?1)
            OR record_id IN (SELECT id FROM applications WHERE merchant_id = ?1)
            OR record_id IN (SELECT id FROM visits WHERE merchant_id = ?1)",
        [id],
    )?;
    conn.execute("DELETE FROM sync_conflicts WHERE merchant_id = ?1", [id])?;
    conn.execute("DELETE FROM sync_parked WHERE merchant_id = ?1", [id])?;
    conn.execute("DELETE FROM sync_set_aside WHERE merchant_id = ?1", [id])?;
    Ok(())
}

/// Consent withdrawn: the personal fields leave the changes still waiting too.
pub(super) fn scrub_personal(conn: &Connection, merchant_id: &str) -> Result<()> {
    let mut stmt = conn.prepare("SELECT seq, body FROM sync_outbox WHERE kind = 'merchant' AND record_id = ?1")?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([merchant_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (seq, body) in rows {
        let mut change: Change =
            serde_json::from_str(&body).map_err(|e| Error::corrupt(format!("outbox change {seq}"), e))?;
        if let ChangeBody::Merchant { base, state, .. } = &mut change.body {
            for f in PERSONAL_FIELDS {
                state.remove(f);
                if let Some(b) = base.as_mut() {
                    b.remove(f);
                }
            }
        }
        let text = serde_json::to_string(&change).expect("serializing plain data cannot fail");
        conn.execute("UPDATE sync_outbox SET body = ?2 WHERE seq = ?1", params![seq, text])?;
    }
    for f in PERSONAL_FIELDS {
        conn.execute("DELETE FROM sync_conflicts WHERE merchant_id = ?1 AND field = ?2", params![merchant_id, f])?;
    }
    // The consultation versions waiting to be sent lose what the birth date told, too.
    let mut stmt = conn.prepare(
        "SELECT seq, body FROM sync_outbox WHERE kind = 'consultation_version'
            AND record_id IN (SELECT id FROM consultations WHERE merchant_id = ?1)",
    )?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([merchant_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (seq, body) in rows {
        let mut change: Change =
            serde_json::from_str(&body).map_err(|e| Error::corrupt(format!("outbox change {seq}"), e))?;
        if let ChangeBody::ConsultationVersion { data, .. } = &mut change.body {
            let mut c: Consultation =
                serde_json::from_value(data.clone()).map_err(|e| Error::corrupt(format!("outbox change {seq}"), e))?;
            if c.without_personal() {
                *data = serde_json::to_value(&c).expect("serializing plain data cannot fail");
                let text = serde_json::to_string(&change).expect("serializing plain data cannot fail");
                conn.execute("UPDATE sync_outbox SET body = ?2 WHERE seq = ?1", params![seq, text])?;
            }
        }
    }
    Ok(())
}

/// A catalogue program was created, edited, retired or imported: it waits for a manager to
/// publish the catalogue (publishing sends the whole catalogue, so one mark per program).
pub(super) fn program_changed(conn: &Connection, at: NaiveDateTime, program_id: &str) -> Result<()> {
    mark_for_publish(conn, at, "program", program_id)
}

/// A partner was added, edited or retired: it waits for the next publish, as a program does.
pub(super) fn partner_changed(conn: &Connection, at: NaiveDateTime, partner_id: &str) -> Result<()> {
    mark_for_publish(conn, at, "partner", partner_id)
}

fn mark_for_publish(conn: &Connection, at: NaiveDateTime, kind: &str, id: &str) -> Result<()> {
    let waiting: Option<i64> = conn
        .prepare_cached("SELECT seq FROM sync_outbox WHERE kind = ?1 AND record_id = ?2")?
        .query_row([kind, id], |r| r.get(0))
        .optional()?;
    if waiting.is_none() {
        push(conn, at, kind, id, None)?;
    }
    Ok(())
}

/// The hub confirmed a change: it leaves the outbox.
pub fn confirmed(conn: &Connection, change_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_outbox WHERE change_id = ?1")?.execute([change_id])?;
    Ok(())
}

/// The whole catalogue (with the partner directory) was published: nothing waits for it any more.
pub fn catalogue_published(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_outbox WHERE kind IN ('program', 'partner')", [])?;
    Ok(())
}
