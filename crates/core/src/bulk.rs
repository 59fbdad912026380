//! Bulk writers for benchmark data (`onestop-devdata`), behind the `bulk` feature: the store's
//! [`onestop_store::bulk`] over this desk's connection. **Not a user's path**: nothing written
//! here goes to the sync outbox or the audit log, so the production app and CLI are built
//! without it.

use std::collections::HashSet;

use onestop_store::bulk;
pub use onestop_store::bulk::Bulk;

use crate::{Result, Store};

impl Store {
    /// How many programs have an id starting with `prefix`.
    pub fn bulk_count_programs(&self, prefix: &str) -> Result<i64> {
        Ok(bulk::count_programs(self.connection(), prefix)?)
    }

    /// Every registration number already taken.
    pub fn bulk_taken_brns(&self) -> Result<HashSet<String>> {
        Ok(bulk::taken_brns(self.connection())?)
    }

    /// Run `f` with a large page cache (the random-key indexes of a million rows stay in
    /// memory), then leave the data in the main file and the write-ahead log empty.
    pub fn bulk_session<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let cache = bulk::cache_size(self.connection())?;
        bulk::set_cache_size(self.connection(), -262_144)?;
        let result = f(self);
        let restored = bulk::set_cache_size(self.connection(), cache);
        let out = result?;
        restored?;
        bulk::checkpoint(self.connection())?;
        Ok(out)
    }

    /// Begin one large transaction of bulk rows.
    pub fn bulk(&mut self) -> Result<Bulk<'_>> {
        Ok(Bulk::begin(self.connection_mut())?)
    }
}
