//! Bulk writers for benchmark data (`onestop-devdata`), behind the `bulk` feature: rows shaped by
//! the store's own row, part, search-entry and version helpers, in large transactions with
//! prepared statements. **Not a user's path**: nothing written here goes to the sync outbox or
//! the audit log, so the production app and CLI are built without it.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use onestop_domain::consultation::Consultation;
use onestop_domain::merchant::Merchant;
use onestop_domain::program::Program;
use rusqlite::{Connection, Transaction};

use crate::journal::index;
use crate::{consultations, merchants, programs, Result};

/// One large transaction of bulk rows.
pub struct Bulk<'c> {
    tx: Transaction<'c>,
}

/// How many programs have an id starting with `prefix`.
pub fn count_programs(conn: &Connection, prefix: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM programs WHERE id LIKE ?1 || '%'", [prefix], |r| r.get(0))?)
}

/// Every registration number already taken.
pub fn taken_brns(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT brn FROM merchants WHERE brn IS NOT NULL")?;
    let found = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// The page cache's size (SQLite's `cache_size`: pages, or KiB when negative).
pub fn cache_size(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "cache_size", |r| r.get(0))?)
}

/// Set the page cache's size.
pub fn set_cache_size(conn: &Connection, size: i64) -> Result<()> {
    Ok(conn.pragma_update(None, "cache_size", size)?)
}

/// Move everything from the write-ahead log into the main file and empty the log.
pub fn checkpoint(conn: &Connection) -> Result<()> {
    Ok(conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?)
}

impl<'c> Bulk<'c> {
    /// Begin one large transaction of bulk rows.
    pub fn begin(conn: &'c mut Connection) -> Result<Self> {
        Ok(Bulk { tx: conn.transaction()? })
    }

    /// A setting (the marker of generated data).
    pub fn setting(&self, key: &str, value: &str) -> Result<()> {
        crate::settings::set(&self.tx, key, value)?;
        Ok(())
    }

    /// A staff-made program created at `at`, with its first version and search entry.
    pub fn program(&self, p: &Program, at: NaiveDateTime) -> Result<()> {
        programs::write_row(&self.tx, p, at)?;
        programs::set_origin(&self.tx, &p.id, "staff")?;
        programs::add_version(&self.tx, p, "create", at, None)?;
        let (title, body) = index::program_entry(p);
        index::insert_search_entry(&self.tx, "program", &p.id, &title, &body)
    }

    /// A merchant (no personal fields: no consent is recorded) with its search entry.
    pub fn merchant(&self, m: &Merchant) -> Result<()> {
        debug_assert!(onestop_domain::profile::personal_fields(&m.profile).is_empty());
        merchants::write_row(&self.tx, m)?;
        let (title, body) = index::merchant_entry(m);
        index::insert_search_entry(&self.tx, "merchant", &m.id, &title, &body)
    }

    /// A consultation (every program it names exists), its earlier version if any, its parts
    /// and its search entry under the merchant's name.
    pub fn consultation(
        &self,
        first: Option<&Consultation>,
        c: &Consultation,
        merchant_name: Option<&str>,
    ) -> Result<()> {
        let known = |_: &str| -> Result<bool> { Ok(true) };
        consultations::insert_row(&self.tx, c)?;
        consultations::insert_parts(&self.tx, c, &known)?;
        if let Some(v1) = first {
            consultations::insert_version(&self.tx, v1, None)?;
        }
        consultations::insert_version(&self.tx, c, None)?;
        let (title, body) = index::consultation_entry(c, merchant_name);
        index::insert_search_entry(&self.tx, "consultation", &c.id.to_string(), &title, &body)
    }

    /// An application with its duties and its one version.
    pub fn application(&self, a: &onestop_domain::application::Application) -> Result<()> {
        crate::applications::write_current(&self.tx, a, true)?;
        crate::applications::insert_version(&self.tx, a, None)
    }

    /// A visit plan with its one version.
    pub fn visit(&self, v: &onestop_domain::visit::Visit) -> Result<()> {
        crate::visits::write_current(&self.tx, v, true)?;
        crate::visits::insert_version(&self.tx, v, None)
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}
