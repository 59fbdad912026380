//! Bulk writers for benchmark data (`onestop-devdata`), behind the `bulk` feature: rows shaped by
//! the store's own row, part, search-entry and version helpers, in large transactions with
//! prepared statements. **Not a user's path**: nothing written here goes to the sync outbox or
//! the audit log, so the production app and CLI are built without it.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use rusqlite::Transaction;

use crate::consultation::Consultation;
use crate::journal::index;
use crate::merchant::Merchant;
use crate::program::Program;
use onestop_store::{consultations, merchants, programs};

use crate::{Result, Store};

/// One large transaction of bulk rows.
pub struct Bulk<'s> {
    tx: Transaction<'s>,
}

impl Store {
    /// How many programs have an id starting with `prefix`.
    pub fn bulk_count_programs(&self, prefix: &str) -> Result<i64> {
        Ok(self
            .connection()
            .query_row("SELECT count(*) FROM programs WHERE id LIKE ?1 || '%'", [prefix], |r| r.get(0))?)
    }

    /// Every registration number already taken.
    pub fn bulk_taken_brns(&self) -> Result<HashSet<String>> {
        let mut stmt = self.connection().prepare("SELECT brn FROM merchants WHERE brn IS NOT NULL")?;
        let found = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// Run `f` with a large page cache (the random-key indexes of a million rows stay in
    /// memory), then leave the data in the main file and the write-ahead log empty.
    pub fn bulk_session<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let cache: i64 = self.connection().pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.connection().pragma_update(None, "cache_size", -262_144)?;
        let result = f(self);
        let restored = self.connection().pragma_update(None, "cache_size", cache);
        let out = result?;
        restored?;
        self.connection().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(out)
    }

    /// Begin one large transaction of bulk rows.
    pub fn bulk(&mut self) -> Result<Bulk<'_>> {
        Ok(Bulk { tx: self.connection_mut().transaction()? })
    }
}

impl Bulk<'_> {
    /// A setting (the marker of generated data).
    pub fn setting(&self, key: &str, value: &str) -> Result<()> {
        onestop_store::settings::set(&self.tx, key, value)?;
        Ok(())
    }

    /// A staff-made program created at `at`, with its first version and search entry.
    pub fn program(&self, p: &Program, at: NaiveDateTime) -> Result<()> {
        programs::write_row(&self.tx, p, at)?;
        programs::set_origin(&self.tx, &p.id, "staff")?;
        programs::add_version(&self.tx, p, "create", at)?;
        let (title, body) = index::program_entry(p);
        Ok(index::insert_search_entry(&self.tx, "program", &p.id, &title, &body)?)
    }

    /// A merchant (no personal fields: no consent is recorded) with its search entry.
    pub fn merchant(&self, m: &Merchant) -> Result<()> {
        debug_assert!(crate::profile::personal_fields(&m.profile).is_empty());
        merchants::write_row(&self.tx, m)?;
        let (title, body) = index::merchant_entry(m);
        Ok(index::insert_search_entry(&self.tx, "merchant", &m.id, &title, &body)?)
    }

    /// A consultation (every program it names exists), its earlier version if any, its parts
    /// and its search entry under the merchant's name.
    pub fn consultation(
        &self,
        first: Option<&Consultation>,
        c: &Consultation,
        merchant_name: Option<&str>,
    ) -> Result<()> {
        let known = |_: &str| -> onestop_store::Result<bool> { Ok(true) };
        consultations::insert_row(&self.tx, c)?;
        consultations::insert_parts(&self.tx, c, &known)?;
        if let Some(v1) = first {
            consultations::insert_version(&self.tx, v1, None)?;
        }
        consultations::insert_version(&self.tx, c, None)?;
        let (title, body) = index::consultation_entry(c, merchant_name);
        Ok(index::insert_search_entry(&self.tx, "consultation", &c.id.to_string(), &title, &body)?)
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}
