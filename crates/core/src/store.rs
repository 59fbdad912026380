//! The SQLite store: one file per desk, WAL, foreign keys on, embedded append-only migrations
//! each run in a transaction, typed query functions per table and full-text search.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use uuid::Uuid;

use crate::catalogue;
use crate::consultation::{Consultation, ConsultationInput, DiscussedProgram};

use crate::journal::{self, Event};
use crate::profile::Profile;
use crate::program::Program;
use crate::stage::StageRules;
use crate::{Error, Result};
use onestop_domain::merchant::ConsentInput;
use onestop_store::{consultations, merchants, programs};

/// The migrations, in order (the store's schema).
pub use onestop_store::schema::MIGRATIONS;

pub use onestop_domain::catalogue::{ClosingSoon, ProgramFilter, ProgramMeta, ProgramVersion};
pub use onestop_domain::consultation::{ConsultationListItem, FollowUpDue};
pub use onestop_domain::import::ImportSummary;
pub use onestop_domain::merchant::Merchant;
pub use onestop_domain::search::SearchHit;

/// The store's lookup of ids by prefix, for one kind of record.
type IdsStarting = fn(&Connection, &str) -> onestop_store::Result<Vec<String>>;

/// Which records an id names (for ids given by a prefix).
#[derive(Clone, Copy)]
pub(crate) enum IdOf {
    Merchant,
    Consultation,
    Application,
    Visit,
}

pub struct Store {
    conn: Connection,
    /// The SQLCipher key the file was opened with (none for a plain database in tests/tools).
    key: Option<crate::vault::DbKey>,
    /// Who is signed in: named in the audit log and checked for manager-only work.
    actor: Option<crate::vault::StaffMember>,
    /// The desk's device secret (see `device`), once signed in on a desk that has one.
    device: Option<crate::device::DeviceSecret>,
    /// The decoded catalogue and the `catalogue_rev` it was read at (see `catalogue`).
    catalogue: std::sync::Mutex<Option<(i64, std::sync::Arc<Vec<Program>>)>>,
}

use crate::clock::now;

/// Open a connection; with a key, apply it first and prove it opens the file, so a wrong key
/// or a plain/foreign file gives one clear message instead of failing at the first query.
pub(crate) fn open_connection(
    path: &Path,
    flags: rusqlite::OpenFlags,
    key: Option<&crate::vault::DbKey>,
) -> Result<Connection> {
    let literal = key.map(|k| k.sql_literal());
    // A new database file is created private; SQLite gives its journal files the same mode.
    if flags.contains(rusqlite::OpenFlags::SQLITE_OPEN_CREATE) && path.parent().is_some_and(Path::is_dir) {
        crate::files::private_placeholder(path)
            .map_err(|e| Error::Io { path: path.display().to_string(), source: e })?;
    }
    Ok(onestop_store::schema::open_connection(path, flags, literal.as_deref().map(|s| s.as_str()))?)
}

pub(crate) fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializing plain data cannot fail")
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::corrupt(what, e))
}

impl Store {
    /// Open (creating if needed) an unencrypted database file. A new database gets the bundled
    /// catalogue. The app and the CLI never use this: they sign in (`privacy::sign_in`), which
    /// opens the file encrypted; it is for tests and tools.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_keyed(path, None)
    }

    /// Open (creating if needed) a database encrypted with `key`.
    pub fn open_encrypted(path: &Path, key: crate::vault::DbKey) -> Result<Store> {
        Store::open_keyed(path, Some(key))
    }

    fn open_keyed(path: &Path, key: Option<crate::vault::DbKey>) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::private_dir(dir).map_err(|e| Error::Io { path: dir.display().to_string(), source: e })?;
        }
        let conn = open_connection(path, rusqlite::OpenFlags::default(), key.as_ref())?;
        Store::init(conn, key)
    }

    /// A private in-memory database built by the real migrations, with the bundled catalogue.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None)
    }

    pub(crate) fn key(&self) -> Option<&crate::vault::DbKey> {
        self.key.as_ref()
    }

    pub(crate) fn set_key(&mut self, key: crate::vault::DbKey) {
        self.key = Some(key);
    }

    pub(crate) fn set_device(&mut self, device: Option<crate::device::DeviceSecret>) {
        self.device = device;
    }

    pub(crate) fn device(&self) -> Option<&crate::device::DeviceSecret> {
        self.device.as_ref()
    }

    /// A copy of the desk's device secret, for the app to keep while it runs.
    pub fn device_secret(&self) -> Option<crate::device::DeviceSecret> {
        self.device.clone()
    }

    /// Record who is signed in: the audit log names them from now on.
    pub fn set_actor(&mut self, staff: crate::vault::StaffMember) {
        self.actor = Some(staff);
    }

    /// The signed-in staff member, if any.
    pub fn actor(&self) -> Option<&crate::vault::StaffMember> {
        self.actor.as_ref()
    }

    /// Refuse manager-only work (`what`, e.g. "change settings (desk.center)") to a signed-in
    /// member who is not a manager. A store nobody signed in to (tools, tests) may.
    pub(crate) fn require_manager(&self, what: &str) -> Result<()> {
        match self.actor().filter(|m| m.role != crate::vault::Role::Manager) {
            Some(m) => Err(Error::Denied(format!("{} is not a manager; only managers {what}", m.login))),
            None => Ok(()),
        }
    }

    fn init(conn: Connection, key: Option<crate::vault::DbKey>) -> Result<Store> {
        onestop_store::schema::configure(&conn)?;
        let mut store = Store { conn, key, actor: None, device: None, catalogue: Default::default() };
        let from = store.migrate()?;
        if from == 0 {
            store.load_catalogue(&catalogue::bundled()?)?;
        }
        store.finish_upgrade()?;
        store.load_bundled_partners()?;
        Ok(store)
    }

    /// Work a migration left to Rust: rebuilding the search index from the records; chaining
    /// the audit lines written before the log was a hash chain.
    fn finish_upgrade(&mut self) -> Result<()> {
        if self.setting("search.rebuild")?.is_some() {
            journal::index::rebuild(self.connection_mut())?;
        }
        if journal::audit::unchained(&self.conn)? {
            journal::audit::chain_existing(&mut self.conn)?;
        }
        if self.setting("sync.backfilled")?.is_none() {
            self.backfill_outbox()?;
        }
        Ok(())
    }

    /// Once per desk: what was saved before the desk had an outbox goes into it (see
    /// `journal::backfill_outbox`), in one transaction with the mark that it was done.
    fn backfill_outbox(&mut self) -> Result<()> {
        let who = self.actor().map(|m| m.login.clone()).unwrap_or_else(|| "-".into());
        let tx = self.conn.transaction()?;
        let never_synced = onestop_store::sync::state_get(&tx, "last_synced")?.is_none();
        let (versions, _) = journal::backfill_outbox(&tx, &who, now(), never_synced)?;
        for (id, version, change) in versions {
            onestop_store::consultations::set_change_id(&tx, &id, version, &change.to_string())?;
        }
        onestop_store::settings::set(&tx, "sync.backfilled", "1")?;
        tx.commit()?;
        Ok(())
    }

    /// Run pending migrations, each in its own transaction. Returns the version found.
    fn migrate(&mut self) -> Result<usize> {
        Ok(onestop_store::schema::migrate(&mut self.conn)?)
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(onestop_store::schema::version(&self.conn)?)
    }

    /// Direct access for tests and maintenance.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A transaction for a change that leaves the programs alone (the decoded catalogue stays).
    pub(crate) fn record_transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction()?)
    }

    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        // Whatever is done through it (a restore copies pages in) may change the programs.
        *self.catalogue.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        &mut self.conn
    }

    /// A restore's staging copy (migrated on open), worked on as `like`'s signed-in member.
    pub(crate) fn open_staging(path: &Path, key: Option<crate::vault::DbKey>) -> Result<Store> {
        Store::open_keyed(path, key)
    }

    /// Work as the same member, with the same device secret, as `other`.
    pub(crate) fn set_actor_of(&mut self, other: &Store) {
        self.actor = other.actor.clone();
        self.device = other.device.clone();
    }

    // ----- settings -------------------------------------------------------------------------

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(onestop_store::settings::get(&self.conn, key)?)
    }

    /// Set a setting (managers only), audited by name: the value is never logged (a feed's API
    /// key is a setting).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.set_settings(&[(key, value)])
    }

    /// Set several settings in one transaction (managers only). Each one whose value changes
    /// gets an audit line naming it, never its value.
    pub(crate) fn set_settings(&mut self, pairs: &[(&str, &str)]) -> Result<()> {
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        self.require_manager(&format!("change settings ({})", keys.join(", ")))?;
        for (key, value) in pairs {
            check_setting(key, value)?;
        }
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        for (key, value) in pairs {
            if onestop_store::settings::get(&tx, key)?.as_deref() != Some(*value) {
                onestop_store::settings::set(&tx, key, value)?;
                journal::record(&tx, &who, at, Event::Changed { kind: "setting", id: key, detail: "changed" })?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A mark staff keep as they work (how far they have looked), not a setting of the desk:
    /// anyone signed in moves it, and the move is logged.
    pub(crate) fn set_mark(&mut self, key: &str, value: &str, kind: &str, id: &str, detail: &str) -> Result<()> {
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        onestop_store::settings::set(&tx, key, value)?;
        journal::record(&tx, &who, at, Event::Changed { kind, id, detail })?;
        tx.commit()?;
        Ok(())
    }

    /// The center's stage thresholds (defaults where unset).
    pub fn stage_rules(&self) -> Result<StageRules> {
        let mut r = StageRules::default();
        if let Some(v) = self.setting("stage.startup_max_years")? {
            r.startup_max_years = v.parse().unwrap_or(r.startup_max_years);
        }
        if let Some(v) = self.setting("stage.restart_years_after_refounding")? {
            r.restart_years_after_refounding = v.parse().unwrap_or(r.restart_years_after_refounding);
        }
        Ok(r)
    }

    // ----- programs ---------------------------------------------------------------------------

    /// Insert or replace programs, all in one transaction.
    pub fn load_catalogue(&mut self, programs: &[Program]) -> Result<()> {
        self.require_manager("load programs into the catalogue")?;
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        for p in programs {
            catalogue::check_program(p)?;
            programs::write_row(&tx, p, at)?;
            journal::record(&tx, &who, at, Event::ProgramLoaded { program: p })?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn upsert_program(&mut self, p: &Program) -> Result<()> {
        self.load_catalogue(std::slice::from_ref(p))
    }

    pub fn program(&self, id: &str) -> Result<Program> {
        programs::get(&self.conn, id)?.ok_or_else(|| Error::not_found("program", id))
    }

    /// Every program (retired ones too), ordered by id, decoded once and kept until the programs
    /// table changes: a city catalogue takes a fifth of a second to decode, and every Matches
    /// screen needs all of it.
    pub fn catalogue(&self) -> Result<std::sync::Arc<Vec<Program>>> {
        let rev = programs::revision(&self.conn)?;
        let mut cached = self.catalogue.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, programs)) = cached.as_ref().filter(|(at, _)| *at == rev) {
            return Ok(programs.clone());
        }
        let programs = std::sync::Arc::new(programs::all(&self.conn)?);
        *cached = Some((rev, programs.clone()));
        Ok(programs)
    }

    /// All programs, ordered by id, filtered.
    pub fn programs(&self, filter: &ProgramFilter) -> Result<Vec<Program>> {
        // The origins are read only when the filter asks for one.
        let origins = if filter.origin.is_some() { self.program_origins()? } else { Default::default() };
        let origin = |p: &Program| origins.get(&p.id).map(String::as_str);
        Ok(self.catalogue()?.iter().filter(|p| filter.keeps(p, origin(p))).cloned().collect())
    }

    /// Where each program comes from (`bundled`, `bizinfo`, `kstartup`, `staff`, `onestop`), by id.
    pub fn program_origins(&self) -> Result<std::collections::HashMap<String, String>> {
        Ok(onestop_store::programs::origins(&self.conn)?.into_iter().collect())
    }

    /// Import programs from a feed or file in one transaction. A program already there is
    /// updated only when what the source says changed; the earlier version is kept, and criteria
    /// staff set survive. Re-importing the same data changes nothing.
    pub fn import_programs(
        &mut self,
        programs: &[Program],
        origin: &str,
        rejections: Vec<onestop_domain::bizinfo::Rejection>,
    ) -> Result<ImportSummary> {
        self.import_programs_with_progress(programs, origin, rejections, &mut |_| {})
    }

    /// [`Store::import_programs`], reporting progress every 100 programs and at the end.
    pub fn import_programs_with_progress(
        &mut self,
        programs: &[Program],
        origin: &str,
        rejections: Vec<onestop_domain::bizinfo::Rejection>,
        progress: &mut dyn FnMut(onestop_domain::import::Progress),
    ) -> Result<ImportSummary> {
        self.require_manager(&format!("import programs into the catalogue ({origin})"))?;
        let who = self.who();
        let total = programs.len() as u32;
        let mut summary = ImportSummary { rejected: rejections.len() as u32, rejections, ..Default::default() };
        let twins = self.twins_in_other_feeds(programs)?;
        let fetched_at = now();
        let tx = self.conn.transaction()?;
        // Search entries are written after every other row: a write that opens a statement
        // journal (an upsert, a foreign key) makes FTS5 flush what it holds, one segment per
        // program instead of one for the import.
        let mut changed: Vec<Program> = Vec::new();
        for (i, p) in programs.iter().enumerate() {
            if i % 100 == 0 {
                progress(onestop_domain::import::Progress::Importing { done: i as u32, total });
            }
            catalogue::check_program(p)?;
            if let Some(shown_as) = &twins[i] {
                // Another feed's program already shows this announcement: it gains (or keeps)
                // this record as a second source, and no second program is made.
                match link_feed_record(&tx, &who, shown_as, p, fetched_at)? {
                    Some(linked) => {
                        changed.push(linked);
                        summary.updated += 1;
                    }
                    None => summary.unchanged += 1,
                }
                continue;
            }
            let incoming = json(p);
            let digest = source_digest(&incoming);
            let row =
                programs::imported(&tx, &p.id)?.map(|i| (i.imported, i.staff_criteria, i.retired, i.origin, i.data));
            let mut also = Vec::new();
            let (reason, staff, retired) = match row {
                None => ("import", None, false),
                // Desks before digests kept the source's text itself.
                Some((Some(prev), ..)) if prev == digest || prev == incoming => {
                    summary.unchanged += 1;
                    continue;
                }
                Some((None, None, _, _, data)) if data == incoming => {
                    // First import of a program already here as the source has it (the bundled
                    // catalogue, say): nothing changes but the provenance.
                    programs::set_provenance(&tx, &p.id, origin, &digest, fetched_at)?;
                    summary.unchanged += 1;
                    continue;
                }
                Some((_, staff, retired, origin, data)) => {
                    let stored: Program = from_json("program", &data)?;
                    ensure_first_version(&tx, &stored, &origin)?;
                    also = stored.external.map(|e| e.also).unwrap_or_default();
                    ("update", staff, retired)
                }
            };
            let mut current = p.clone();
            current.retired = retired;
            // The other feeds' records of the same announcement are the desk's, not the source's.
            if let Some(ext) = current.external.as_mut().filter(|_| !also.is_empty()) {
                ext.also = also;
            }
            if let Some(criteria) = &staff {
                current.criteria = serde_json::from_str(criteria).map_err(|e| Error::corrupt("staff criteria", e))?;
            }
            // Serialized once: what the source says is what is stored unless staff changed it.
            let data = if current == *p { incoming.clone() } else { json(&current) };
            programs::write_row_json(&tx, &current, &data, fetched_at, Some((origin, &digest)))?;
            let why = if reason == "import" { "import" } else { "import-update" };
            programs::add_version_json(&tx, &current.id, &data, why, fetched_at, Some(&who))?;
            changed.push(current);
            if reason == "import" {
                summary.imported += 1;
            } else {
                summary.updated += 1;
            }
        }
        journal::record_imported(&tx, fetched_at, &changed.iter().collect::<Vec<_>>())?;
        let detail = format!(
            "imported: {} new, {} updated, {} unchanged, {} rejected",
            summary.imported, summary.updated, summary.unchanged, summary.rejected
        );
        journal::record(&tx, &who, fetched_at, Event::Changed { kind: "catalogue", id: origin, detail: &detail })?;
        tx.commit()?;
        progress(onestop_domain::import::Progress::Importing { done: total, total });
        Ok(summary)
    }

    /// For each incoming feed program, the program that already shows it when that is another
    /// feed's: one that lists its record among its other sources, or, for a program not yet here,
    /// another feed's program of the same announcement (`import::same_announcement`) that has no
    /// record of this feed yet.
    fn twins_in_other_feeds(&self, incoming: &[Program]) -> Result<Vec<Option<String>>> {
        let catalogue = self.catalogue()?;
        let fed: Vec<(&Program, &crate::program::External)> =
            catalogue.iter().filter_map(|p| p.external.as_ref().map(|e| (p, e))).collect();
        let mut by_title: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, (p, _)) in fed.iter().enumerate() {
            by_title.entry(crate::import::normalised_title(&p.name.ko)).or_default().push(i);
        }
        let ids: rustc_hash::FxHashSet<&str> = catalogue.iter().map(|p| p.id.as_str()).collect();
        let listed: std::collections::HashMap<(&str, &str), &str> = fed
            .iter()
            .flat_map(|(p, e)| e.also.iter().map(move |r| ((r.system.as_str(), r.id.as_str()), p.id.as_str())))
            .collect();
        Ok(incoming
            .iter()
            .map(|p| {
                let ext = p.external.as_ref()?;
                if let Some(shown_as) = listed.get(&(ext.system.as_str(), ext.id.as_str())) {
                    return Some(shown_as.to_string());
                }
                if ids.contains(p.id.as_str()) {
                    return None;
                }
                let same = by_title.get(&crate::import::normalised_title(&p.name.ko))?;
                same.iter().map(|&i| fed[i]).find_map(|(q, qe)| {
                    let other_feed = qe.system != ext.system && !qe.also.iter().any(|r| r.system == ext.system);
                    (other_feed && crate::import::same_announcement(p, q)).then(|| q.id.clone())
                })
            })
            .collect())
    }

    /// Staff set a program's criteria (kept across re-imports of an imported program).
    pub fn set_program_criteria(&mut self, id: &str, criteria: Vec<crate::program::Criterion>) -> Result<Program> {
        let mut p = self.program(id)?;
        p.criteria = criteria;
        self.edit_program(p)
    }

    /// Every saved version of a program, oldest first, each with what changed from the one
    /// before.
    pub fn program_history(&self, id: &str) -> Result<Vec<ProgramVersion>> {
        self.program(id)?;
        let rows = programs::versions(&self.conn, id)?;
        let mut out: Vec<ProgramVersion> = Vec::with_capacity(rows.len());
        for (version, reason, saved_at, data) in rows {
            let program: Program = from_json("program", &data)?;
            let changes = out.last().map(|prev| crate::history::diff(&prev.program, &program)).unwrap_or_default();
            out.push(ProgramVersion { version, reason, saved_at, program, changes });
        }
        Ok(out)
    }

    /// Where a program comes from and what may be edited.
    pub fn program_meta(&self, id: &str) -> Result<ProgramMeta> {
        programs::meta(&self.conn, id)?.ok_or_else(|| Error::not_found("program", id))
    }

    /// Staff add a program of their own. The id must be new.
    pub fn create_program(&mut self, mut p: Program) -> Result<Program> {
        p.id = p.id.trim().to_string();
        self.require_manager(&format!("create programs ({})", p.id))?;
        catalogue::check_program(&p)?;
        if self.program(&p.id).is_ok() {
            return Err(Error::Conflict { what: "program", id: p.id });
        }
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        programs::write_row(&tx, &p, at)?;
        programs::set_origin(&tx, &p.id, "staff")?;
        add_program_version(&tx, &p, "create", &who)?;
        journal::record(&tx, &who, at, Event::ProgramChanged { program: &p, change: "created" })?;
        tx.commit()?;
        Ok(p)
    }

    /// Staff edit a program. An imported program keeps what its source says: only its criteria
    /// change here (and survive re-imports); any other field edited is refused, naming it.
    /// Retirement goes through [`Store::retire_program`]. Saving without a change adds no version.
    pub fn edit_program(&mut self, p: Program) -> Result<Program> {
        self.require_manager(&format!("edit programs ({})", p.id))?;
        let current = self.program(&p.id)?;
        let meta = self.program_meta(&p.id)?;
        let mut next = p;
        next.retired = current.retired;
        catalogue::check_program(&next)?;
        if next == current {
            return Ok(current);
        }
        if meta.source_locked {
            let mut only_criteria = next.clone();
            only_criteria.criteria = current.criteria.clone();
            if let Some(c) = crate::history::diff(&current, &only_criteria).first() {
                return Err(Error::invalid(
                    &c.path,
                    c.after.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                    format!(
                        "comes from the {} source and a re-import would bring it back; only criteria are edited here",
                        meta.origin
                    ),
                ));
            }
        }
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        ensure_first_version(&tx, &current, &meta.origin)?;
        programs::write_row(&tx, &next, at)?;
        if meta.source_locked {
            programs::set_staff_criteria(&tx, &next.id, &json(&next.criteria))?;
        }
        add_program_version(&tx, &next, "edit", &who)?;
        journal::record(&tx, &who, at, Event::ProgramChanged { program: &next, change: "edited" })?;
        tx.commit()?;
        Ok(next)
    }

    /// Retire a program (no longer matched or listed; consultations that discussed it keep it)
    /// or bring it back. Retirement survives re-imports.
    pub fn retire_program(&mut self, id: &str, retired: bool) -> Result<Program> {
        let what = if retired { "retire" } else { "bring back" };
        self.require_manager(&format!("{what} programs ({id})"))?;
        let mut p = self.program(id)?;
        if p.retired == retired {
            return Ok(p);
        }
        let origin = self.program_meta(id)?.origin;
        let (who, at) = (self.who(), now());
        let tx = self.conn.transaction()?;
        ensure_first_version(&tx, &p, &origin)?;
        p.retired = retired;
        programs::write_row(&tx, &p, at)?;
        add_program_version(&tx, &p, if retired { "retire" } else { "restore" }, &who)?;
        let change = if retired { "retired" } else { "brought back" };
        journal::record(&tx, &who, at, Event::ProgramChanged { program: &p, change })?;
        tx.commit()?;
        Ok(p)
    }

    // ----- merchants --------------------------------------------------------------------------

    /// Merchants that look like the same business, read by staff (before saving a merchant): each
    /// one shown is logged as viewed.
    pub fn likely_duplicates(&self, profile: &Profile, except_id: Option<&str>) -> Result<Vec<Merchant>> {
        let found = self.duplicates_of(profile, except_id)?;
        for m in &found {
            self.record(Event::Viewed { kind: "merchant", id: &m.id, detail: "likely duplicate" })?;
        }
        Ok(found)
    }

    /// Merchants that look like the same business: same registration number, or same name and
    /// phone (unlogged: for the checks inside a save).
    pub(crate) fn duplicates_of(&self, profile: &Profile, except_id: Option<&str>) -> Result<Vec<Merchant>> {
        let phone = profile.phone_digits();
        let ids = merchants::duplicate_ids(
            &self.conn,
            profile.business_registration_number.as_deref(),
            profile.name.as_deref(),
            phone.as_deref(),
        )?;
        ids.iter().filter(|id| Some(id.as_str()) != except_id).map(|id| self.merchant(id)).collect()
    }

    /// Add a merchant. A second merchant with the same registration number is refused.
    /// Personal fields (see `privacy::personal_fields`) need `consent`, recorded with it.
    pub fn add_merchant(&mut self, profile: Profile, consent: Option<&ConsentInput>) -> Result<Merchant> {
        let profile = profile.normalized()?;
        if let Some(brn) = &profile.business_registration_number {
            if let Some(existing) = self
                .duplicates_of(&profile, None)?
                .into_iter()
                .find(|m| m.profile.business_registration_number.as_ref() == Some(brn))
            {
                return Err(Error::Conflict {
                    what: "merchant with this business_registration_number",
                    id: existing.id,
                });
            }
        }
        let t = now();
        let m = Merchant { id: Uuid::new_v4().to_string(), profile, created_at: t, updated_at: t };
        let who = self.who();
        let tx = self.conn.transaction()?;
        merchants::write_row(&tx, &m)?;
        crate::consent::gate(&tx, &who, t, &m.id, &m.profile, consent, true)?;
        let saved = Event::MerchantSaved { merchant: &m, created: true, base: None, resolves: Vec::new() };
        journal::record(&tx, &who, t, saved)?;
        tx.commit()?;
        Ok(m)
    }

    /// Replace a merchant's facts (recording a new consent first when one is given).
    pub fn update_merchant(&mut self, id: &str, profile: Profile, consent: Option<&ConsentInput>) -> Result<Merchant> {
        self.update_merchant_resolving(id, profile, consent, Vec::new())
    }

    /// [`Store::update_merchant`], also settling the sync conflicts on `resolves` with the
    /// values in `profile` (staff chose them having seen both).
    pub(crate) fn update_merchant_resolving(
        &mut self,
        id: &str,
        profile: Profile,
        consent: Option<&ConsentInput>,
        resolves: Vec<String>,
    ) -> Result<Merchant> {
        let old = self.merchant(id)?;
        let base = old.profile.clone();
        let profile = profile.normalized()?;
        if let Some(brn) = &profile.business_registration_number {
            if let Some(other) = self
                .duplicates_of(&profile, Some(&old.id))?
                .into_iter()
                .find(|m| m.profile.business_registration_number.as_ref() == Some(brn))
            {
                return Err(Error::Conflict { what: "merchant with this business_registration_number", id: other.id });
            }
        }
        let m = Merchant { profile, updated_at: now(), ..old };
        let who = self.who();
        let at = m.updated_at;
        let tx = self.conn.transaction()?;
        crate::consent::gate(&tx, &who, at, &m.id, &m.profile, consent, true)?;
        merchants::write_row(&tx, &m)?;
        journal::record(
            &tx,
            &who,
            at,
            Event::MerchantSaved { merchant: &m, created: false, base: Some(&base), resolves },
        )?;
        tx.commit()?;
        Ok(m)
    }

    /// A merchant by id or by an unambiguous id prefix of at least 4 characters. Unlogged, for
    /// the core's own use: staff read a merchant through [`Store::view_merchant`].
    pub(crate) fn merchant(&self, id: &str) -> Result<Merchant> {
        let full = self.resolve_id(IdOf::Merchant, id)?;
        Ok(merchants::get(&self.conn, &full)?)
    }

    /// A merchant's business name (not personal information: no audit line).
    pub fn merchant_name(&self, id: &str) -> Result<Option<String>> {
        Ok(self.merchant(id)?.profile.name)
    }

    /// Every merchant, read by staff: one audit line with the count.
    pub fn view_merchants(&self) -> Result<Vec<Merchant>> {
        let all = self.merchants()?;
        self.record(Event::Viewed { kind: "merchant", id: "*", detail: &format!("list of {}", all.len()) })?;
        Ok(all)
    }

    pub(crate) fn merchants(&self) -> Result<Vec<Merchant>> {
        merchants::ids_by_name(&self.conn)?.iter().map(|id| self.merchant(id)).collect()
    }

    /// A full id from an id or an unambiguous prefix of at least 4 characters.
    pub(crate) fn resolve_id(&self, of: IdOf, id: &str) -> Result<String> {
        let id = id.trim();
        let (what, exact, starting): (&'static str, _, IdsStarting) = match of {
            IdOf::Merchant => ("merchant", merchants::find_id(&self.conn, id)?, merchants::ids_starting),
            IdOf::Consultation => {
                ("consultation", consultations::find_id(&self.conn, id)?, consultations::ids_starting)
            }
            IdOf::Application => (
                "application",
                onestop_store::applications::find_id(&self.conn, id)?,
                onestop_store::applications::ids_starting,
            ),
            IdOf::Visit => {
                ("visit", onestop_store::visits::find_id(&self.conn, id)?, onestop_store::visits::ids_starting)
            }
        };
        if let Some(e) = exact {
            return Ok(e);
        }
        if id.len() >= 4 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            let found = starting(&self.conn, &id.to_ascii_lowercase())?;
            if found.len() == 1 {
                return Ok(found.into_iter().next().unwrap_or_default());
            }
            if found.len() > 1 {
                return Err(Error::invalid(
                    format!("{what} id"),
                    id,
                    "matches more than one record; give more characters",
                ));
            }
        }
        Err(Error::not_found(what, id))
    }

    // ----- consultations ----------------------------------------------------------------------

    /// Record a consultation. The verdicts of the programs discussed are computed now and frozen.
    pub fn add_consultation(&mut self, input: ConsultationInput) -> Result<Consultation> {
        self.add_consultation_then(input, |_, _, _| Ok(()))
    }

    /// Record a consultation and, in the same transaction, what `then` writes with it (a visit
    /// recorded as this consultation).
    pub(crate) fn add_consultation_then(
        &mut self,
        input: ConsultationInput,
        then: impl FnOnce(&Transaction<'_>, &Consultation, &str) -> Result<()>,
    ) -> Result<Consultation> {
        let c = self.build_consultation(Uuid::new_v4(), 1, input)?;
        let who = self.who();
        let tx = self.conn.transaction()?;
        write_consultation(&tx, &who, &c, true)?;
        then(&tx, &c, &who)?;
        tx.commit()?;
        Ok(c)
    }

    /// Edit a consultation. The earlier version is kept; snapshots of programs already
    /// discussed stay as they were, newly added programs are matched now.
    pub fn update_consultation(&mut self, id: &str, input: ConsultationInput) -> Result<Consultation> {
        let old = self.consultation(id)?;
        if input.merchant_id != old.merchant_id && self.merchant(&input.merchant_id)?.id != old.merchant_id {
            return Err(Error::invalid(
                "merchant_id",
                &input.merchant_id,
                "a consultation cannot move to another merchant",
            ));
        }
        let mut c = self.build_consultation(
            old.id,
            old.version + 1,
            ConsultationInput { merchant_id: old.merchant_id.clone(), ..input },
        )?;
        for p in &mut c.programs {
            if let Some(prev) = old.programs.iter().find(|o| o.program_id == p.program_id) {
                p.snapshot = prev.snapshot.clone();
            }
        }
        self.save_new_version(&c)?;
        Ok(c)
    }

    /// Save a consultation's new version with its audit line, in one transaction.
    fn save_new_version(&mut self, c: &Consultation) -> Result<()> {
        let who = self.who();
        let tx = self.conn.transaction()?;
        write_consultation(&tx, &who, c, false)?;
        tx.commit()?;
        Ok(())
    }

    /// Set a referral's status; saved as a new version.
    pub fn set_referral_status(
        &mut self,
        consultation_id: &str,
        index: usize,
        status: crate::consultation::ReferralStatus,
    ) -> Result<Consultation> {
        self.amend(consultation_id, |c| {
            let n = c.referrals.len();
            let r = c.referrals.get_mut(index).ok_or_else(|| {
                Error::invalid("referral", index, format!("this consultation has {n} referral(s), numbered from 0"))
            })?;
            r.status = status;
            Ok(())
        })
    }

    /// Mark a follow-up done or not done; saved as a new version.
    pub fn set_follow_up_done(&mut self, consultation_id: &str, index: usize, done: bool) -> Result<Consultation> {
        self.amend(consultation_id, |c| {
            let n = c.follow_ups.len();
            let f = c.follow_ups.get_mut(index).ok_or_else(|| {
                Error::invalid("follow_up", index, format!("this consultation has {n} follow-up(s), numbered from 0"))
            })?;
            f.done = done;
            Ok(())
        })
    }

    /// Change a stored consultation in place (snapshots untouched) and save it as a new version.
    fn amend(&mut self, id: &str, change: impl FnOnce(&mut Consultation) -> Result<()>) -> Result<Consultation> {
        let mut c = self.consultation(id)?;
        change(&mut c)?;
        self.save_amended(c)
    }

    /// Save a stored consultation changed in place as its next version.
    pub(crate) fn save_amended(&mut self, mut c: Consultation) -> Result<Consultation> {
        c.version += 1;
        c.updated_at = now();
        self.save_new_version(&c)?;
        Ok(c)
    }

    fn build_consultation(&self, id: Uuid, version: u32, input: ConsultationInput) -> Result<Consultation> {
        let channel = input.validate()?;
        let merchant = self.merchant(&input.merchant_id)?;
        let at = input.at.unwrap_or_else(now);
        let mut programs = Vec::new();
        for pid in &input.program_ids {
            let (_, mut m) = self.match_profile(&merchant.profile, at.date(), Some(pid))?;
            let snapshot =
                m.pop().ok_or_else(|| Error::invalid("program_ids", pid, "retired programs cannot be matched"))?;
            programs.push(DiscussedProgram { program_id: pid.clone(), snapshot });
        }
        for (i, r) in input.referrals.iter().enumerate() {
            if let Some(pid) = &r.program_id {
                self.program(pid)
                    .map_err(|_| Error::invalid(format!("referrals[{i}].program_id"), pid, "unknown program id"))?;
            }
        }
        self.check_partners_named(&input.referrals, input.referred_by.as_deref())?;
        Ok(Consultation {
            id,
            merchant_id: merchant.id,
            at,
            counselor: input.counselor.trim().to_string(),
            channel,
            place: input.place.filter(|s| !s.trim().is_empty()),
            topics: input.topics.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            notes: input.notes,
            programs,
            referrals: input.referrals,
            follow_ups: input.follow_ups,
            outcome: input.outcome.filter(|s| !s.trim().is_empty()),
            referred_by: input.referred_by.filter(|s| !s.trim().is_empty()),
            version,
            updated_at: now(),
        })
    }

    pub fn consultation(&self, id: &str) -> Result<Consultation> {
        let full = self.resolve_id(IdOf::Consultation, id)?;
        Ok(consultations::latest(&self.conn, &full)?)
    }

    /// Every saved version, oldest first.
    pub fn consultation_versions(&self, id: &str) -> Result<Vec<Consultation>> {
        let full = self.resolve_id(IdOf::Consultation, id)?;
        Ok(consultations::versions(&self.conn, &full)?)
    }

    /// Consultations, newest first; for one merchant when given.
    pub fn consultations(&self, merchant_id: Option<&str>) -> Result<Vec<Consultation>> {
        let merchant = merchant_id.map(|m| self.merchant(m)).transpose()?;
        Ok(consultations::list(&self.conn, merchant.as_ref().map(|m| m.id.as_str()))?)
    }

    /// Consultations held on a day, earliest first, with merchant names.
    pub fn consultations_on(&self, day: NaiveDate) -> Result<Vec<ConsultationListItem>> {
        let from = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        let to = from + chrono::Duration::days(1);
        Ok(consultations::between(&self.conn, from, to)?)
    }

    /// Follow-ups not done that are overdue or due within `within_days` of `on`, soonest first.
    pub fn follow_ups_due(&self, on: NaiveDate, within_days: u32) -> Result<Vec<FollowUpDue>> {
        let until = on + chrono::Duration::days(i64::from(within_days));
        Ok(consultations::follow_ups_due(&self.conn, on, until)?)
    }

    /// Programs whose window closes within `within_days` days of `on` and has not closed: open on
    /// `on`, or naming only its closing date (the notice did not say when it opened).
    pub fn programs_closing_within(&self, on: NaiveDate, within_days: u32) -> Result<Vec<ClosingSoon>> {
        use onestop_domain::program::WindowStatus;
        let mut out: Vec<ClosingSoon> = self
            .programs(&ProgramFilter::default())?
            .into_iter()
            .filter(|p| matches!(p.window.status(on), WindowStatus::Open | WindowStatus::Unknown))
            .filter_map(|p| {
                let closes_on = p.window.closes_on.filter(|c| *c >= on)?;
                let days_left = (closes_on - on).num_days() as i32;
                (days_left <= within_days as i32).then_some(ClosingSoon {
                    program_id: p.id,
                    name: p.name,
                    closes_on,
                    days_left,
                })
            })
            .collect();
        out.sort_by_key(|c| (c.closes_on, c.program_id.clone()));
        Ok(out)
    }

    /// The database file's path (empty for an in-memory database).
    pub fn path(&self) -> Option<String> {
        self.conn.path().filter(|p| !p.is_empty()).map(str::to_string)
    }
}

/// Refuse a setting's value that cannot be used (stage thresholds are whole years, 1 to 50).
fn check_setting(key: &str, value: &str) -> Result<()> {
    if key.starts_with("stage.") {
        let n: u32 = value.parse().map_err(|_| Error::invalid(key, value, "expected a whole number of years"))?;
        if !(1..=50).contains(&n) {
            return Err(Error::invalid(key, value, "expected 1 to 50 years"));
        }
        if !["stage.startup_max_years", "stage.restart_years_after_refounding"].contains(&key) {
            return Err(Error::invalid(
                "setting",
                key,
                "known stage settings: stage.startup_max_years, stage.restart_years_after_refounding",
            ));
        }
    }
    Ok(())
}

/// What a re-import compares against to tell whether the source changed a program: a digest of
/// the program as the source gave it (serialized), not a second copy of it.
fn source_digest(incoming: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{:x}", Sha256::digest(incoming.as_bytes()))
}

fn add_program_version(tx: &Connection, p: &Program, reason: &str, author: &str) -> Result<()> {
    Ok(programs::add_version(tx, p, reason, now(), Some(author))?)
}

fn ensure_first_version(tx: &Connection, p: &Program, origin: &str) -> Result<()> {
    Ok(programs::ensure_first_version(tx, p, origin, now())?)
}

/// Record `record` (another feed's program of the same announcement) among the sources of the
/// program `shown_as`; the program with its sources, when that changed it.
fn link_feed_record(
    tx: &Connection,
    who: &str,
    shown_as: &str,
    record: &Program,
    at: NaiveDateTime,
) -> Result<Option<Program>> {
    let Some(row) = programs::imported(tx, shown_as)? else { return Ok(None) };
    let stored: Program = from_json("program", &row.data)?;
    let Some(ext) = record.external.as_ref() else { return Ok(None) };
    let entry = crate::program::FeedRecord {
        system: ext.system.clone(),
        id: ext.id.clone(),
        url: record.source.url.clone(),
        updated_at: ext.updated_at.clone(),
    };
    let mut linked = stored.clone();
    let Some(also) = linked.external.as_mut().map(|e| &mut e.also) else { return Ok(None) };
    match also.iter_mut().find(|r| r.system == entry.system && r.id == entry.id) {
        Some(r) if *r == entry => return Ok(None),
        Some(r) => *r = entry,
        None => also.push(entry),
    }
    ensure_first_version(tx, &stored, &row.origin)?;
    let data = json(&linked);
    let source = row.imported.unwrap_or_default();
    programs::write_row_json(tx, &linked, &data, at, Some((&row.origin, &source)))?;
    programs::add_version_json(tx, &linked.id, &data, "import-update", at, Some(who))?;
    Ok(Some(linked))
}

/// A consultation's version saved by `who`: its rows, the journal's event (search entry, outbox
/// change, audit line) and the version with the change id that sends it.
fn write_consultation(tx: &Transaction<'_>, who: &str, c: &Consultation, new: bool) -> Result<()> {
    consultations::write_rows(tx, c, new)?;
    let change = journal::record(tx, who, c.updated_at, Event::ConsultationSaved { consultation: c, created: new })?;
    Ok(consultations::insert_version(tx, c, change.map(|id| id.to_string()).as_deref())?)
}

/// A program received from the hub's published catalogue, saved with a version.
pub(crate) fn save_synced_program(tx: &Connection, who: &str, p: &Program, origin: &str) -> Result<()> {
    if let Some(old_origin) = programs::origin(tx, &p.id)? {
        if let Some(current) = programs::get(tx, &p.id)? {
            ensure_first_version(tx, &current, &old_origin)?;
        }
    }
    let at = now();
    programs::write_row(tx, p, at)?;
    journal::record(tx, who, at, Event::ProgramLoaded { program: p })?;
    programs::set_origin(tx, &p.id, origin)?;
    add_program_version(tx, p, "published", who)
}
