//! The search index's writer (tables `search_docs` and `search_grams`): entries added, replaced,
//! retitled, removed and rebuilt. Only the journal calls these (and the bulk writers of
//! benchmark data); `crate::search` reads the index.
//!
//! `search_grams` is a contentless FTS5 index with `secure-delete` on (migration 0012): an
//! entry is removed with FTS5's `delete` command, given the very text it was indexed with —
//! the pairs of the title and body kept in `search_docs` — and FTS5 then takes its words out of
//! the index's pages, so an erased or withdrawn record leaves no text behind. The text indexed
//! is [`entry_text`] of what `search_docs` holds, so it can always be given again; a change to
//! how pairs are made (`search::grams`) must rebuild the index (setting `search.rebuild`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::search::{grams, kind_base, KIND_SHIFT};
use crate::{Error, Result};
use onestop_domain::consultation::Consultation;
use onestop_domain::ksic::Ksic;
use onestop_domain::merchant::Merchant;
use onestop_domain::program::Program;

fn from_json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::corrupt(what, e))
}

/// The id of a record's entry, if it has one.
fn doc_id(tx: &Connection, kind: &str, ref_id: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM search_docs WHERE kind = ?1 AND ref_id = ?2")?
        .query_row(params![kind, ref_id], |r| r.get(0))
        .optional()?)
}

/// Add or replace a record's entry. A replaced entry keeps its id (its place in the order).
pub fn index(tx: &Connection, kind: &str, ref_id: &str, title: &str, body: &str) -> Result<()> {
    match doc_id(tx, kind, ref_id)? {
        Some(id) => replace(tx, id, title, body),
        None => insert_search_entry(tx, kind, ref_id, title, body),
    }
}

fn replace(tx: &Connection, id: i64, title: &str, body: &str) -> Result<()> {
    delete_grams(tx, id)?;
    tx.prepare_cached("UPDATE search_docs SET title = ?2, body = ?3 WHERE id = ?1")?
        .execute(params![id, title, body])?;
    insert_grams(tx, id, title, body)
}

/// Add a record's entry; it must not have one yet ([`index`] replaces one).
pub fn insert_search_entry(tx: &Connection, kind: &str, ref_id: &str, title: &str, body: &str) -> Result<()> {
    let base = kind_base(kind);
    let id: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), ?1) + 1 FROM search_docs WHERE id > ?1 AND id < ?2")?
        .query_row(params![base, base + (1 << KIND_SHIFT)], |r| r.get(0))?;
    tx.prepare_cached("INSERT INTO search_docs(id, kind, ref_id, title, body) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, kind, ref_id, title, body])?;
    insert_grams(tx, id, title, body)
}

/// The text an entry is indexed with: the pairs of its title and of its body.
fn entry_text(title: &str, body: &str) -> String {
    format!("{} {}", grams(title), grams(body))
}

fn insert_grams(tx: &Connection, id: i64, title: &str, body: &str) -> Result<()> {
    tx.prepare_cached("INSERT INTO search_grams(rowid, grams) VALUES (?1, ?2)")?
        .execute(params![id, entry_text(title, body)])?;
    Ok(())
}

/// Take entry `id`'s words out of `search_grams`, giving FTS5 the text it was indexed with (its
/// row in `search_docs`, still there); secure-delete removes them from the index's pages.
fn delete_grams(tx: &Connection, id: i64) -> Result<()> {
    let (title, body): (String, String) = tx
        .prepare_cached("SELECT title, body FROM search_docs WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tx.prepare_cached("INSERT INTO search_grams(search_grams, rowid, grams) VALUES ('delete', ?1, ?2)")?
        .execute(params![id, entry_text(&title, &body)])?;
    Ok(())
}

/// Remove a record's entry, if it has one.
pub fn unindex(tx: &Connection, kind: &str, ref_id: &str) -> Result<()> {
    if let Some(id) = doc_id(tx, kind, ref_id)? {
        delete_grams(tx, id)?;
        tx.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?.execute([id])?;
    }
    Ok(())
}

/// The title a record is indexed under (a merchant's name, to see whether it changed).
pub fn indexed_title(tx: &Connection, kind: &str, ref_id: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT title FROM search_docs WHERE kind = ?1 AND ref_id = ?2")?
        .query_row(params![kind, ref_id], |r| r.get(0))
        .optional()?)
}

/// Re-index a record under a new title made from the old one, its body unchanged.
pub fn retitle(tx: &Connection, kind: &str, ref_id: &str, title: &dyn Fn(&str) -> String) -> Result<()> {
    let row: Option<(i64, String, String)> = tx
        .prepare_cached("SELECT id, title, body FROM search_docs WHERE kind = ?1 AND ref_id = ?2")?
        .query_row(params![kind, ref_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match row {
        Some((id, old, body)) => replace(tx, id, &title(&old), &body),
        None => Ok(()),
    }
}

/// Rebuild every entry from the records (after the migration that introduced this index).
pub fn rebuild(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM search_docs", [])?;
    tx.execute("INSERT INTO search_grams(search_grams) VALUES ('delete-all')", [])?;
    {
        let mut stmt = tx.prepare("SELECT data FROM programs ORDER BY rowid")?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for data in rows {
            let p: Program = from_json("program", &data)?;
            let (title, body) = program_entry(&p);
            insert_search_entry(&tx, "program", &p.id, &title, &body)?;
        }
        let mut stmt = tx.prepare("SELECT id, profile, created_at, updated_at FROM merchants ORDER BY rowid")?;
        let rows: Vec<(String, String, chrono::NaiveDateTime, chrono::NaiveDateTime)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, profile, created_at, updated_at) in rows {
            let m = Merchant { id, profile: from_json("merchant profile", &profile)?, created_at, updated_at };
            let (title, body) = merchant_entry(&m);
            insert_search_entry(&tx, "merchant", &m.id, &title, &body)?;
        }
        let mut stmt = tx.prepare(
            "SELECT m.name, v.data FROM consultations c
               JOIN consultation_versions v ON v.consultation_id = c.id AND v.version = c.version
               LEFT JOIN merchants m ON m.id = c.merchant_id ORDER BY c.rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name: Option<String> = r.get(0)?;
            let c: Consultation = from_json("consultation", &r.get::<_, String>(1)?)?;
            let (title, body) = consultation_entry(&c, name.as_deref());
            insert_search_entry(&tx, "consultation", &c.id.to_string(), &title, &body)?;
        }
    }
    tx.execute("DELETE FROM settings WHERE key = 'search.rebuild'", [])?;
    tx.commit()?;
    Ok(())
}

/// A program's search entry: (title, body).
pub fn program_entry(p: &Program) -> (String, String) {
    let mut body =
        vec![p.id.clone(), p.summary.ko.clone(), p.summary.en.clone(), p.provider.ko.clone(), p.provider.en.clone()];
    for o in &p.partners {
        body.extend([o.ko.clone(), o.en.clone()]);
    }
    for k in &p.kinds {
        let l = k.label();
        body.extend([l.ko, l.en]);
    }
    for b in &p.benefits {
        body.extend([b.text.ko.clone(), b.text.en.clone()]);
    }
    (format!("{} {}", p.name.ko, p.name.en), body.join("\n"))
}

/// A merchant's search entry: (title, body).
pub fn merchant_entry(m: &Merchant) -> (String, String) {
    let p = &m.profile;
    let mut body: Vec<String> = [&p.owner_name, &p.business_registration_number, &p.phone, &p.city, &p.district]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if let Some(b) = &p.business_registration_number {
        body.push(b.replace('-', ""));
    }
    body.extend(p.phone_digits());
    if let Some((ko, en)) = p.ksic_code.as_deref().and_then(|c| Ksic::get().name(c)) {
        body.extend([ko, en]);
    }
    (p.name.clone().unwrap_or_default(), body.join("\n"))
}

/// A consultation's search entry: (title, body). The title carries the merchant's name.
pub fn consultation_entry(c: &Consultation, merchant_name: Option<&str>) -> (String, String) {
    let mut body = vec![c.notes.clone(), c.counselor.clone()];
    body.extend(c.topics.iter().cloned());
    body.extend(c.outcome.iter().cloned());
    body.extend(c.place.iter().cloned());
    body.extend(c.referrals.iter().map(|r| r.institution.clone()));
    body.extend(c.follow_ups.iter().map(|f| f.action.clone()));
    let title = format!("{} · {}", merchant_name.unwrap_or_default(), c.at.format("%Y-%m-%d %H:%M"));
    (title, body.join("\n"))
}

/// A program's entry, added or replaced.
pub fn program(tx: &Connection, p: &Program) -> Result<()> {
    let (title, body) = program_entry(p);
    index(tx, "program", &p.id, &title, &body)
}

/// A merchant's entry, added or replaced; a new name retitles its consultations' entries
/// ("name · date").
pub fn merchant(tx: &Connection, m: &Merchant) -> Result<()> {
    let (title, body) = merchant_entry(m);
    let renamed = indexed_title(tx, "merchant", &m.id)?.is_some_and(|old| old != title);
    index(tx, "merchant", &m.id, &title, &body)?;
    if renamed {
        let mut stmt = tx.prepare_cached("SELECT id FROM consultations WHERE merchant_id = ?1")?;
        let ids: Vec<String> = stmt.query_map([&m.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let retitled = |old: &str| format!("{title}{}", old.find(" · ").map_or("", |i| &old[i..]));
        for cid in ids {
            retitle(tx, "consultation", &cid, &retitled)?;
        }
    }
    Ok(())
}

/// A consultation's entry, added or replaced, under its merchant's name.
pub fn consultation(tx: &Connection, c: &Consultation) -> Result<()> {
    let merchant_name: Option<String> =
        tx.prepare_cached("SELECT name FROM merchants WHERE id = ?1")?.query_row([&c.merchant_id], |r| r.get(0))?;
    let (title, body) = consultation_entry(c, merchant_name.as_deref());
    index(tx, "consultation", &c.id.to_string(), &title, &body)
}
