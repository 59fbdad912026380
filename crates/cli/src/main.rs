//! `onestop`: the command line over onestop-core, for scripting, tests and headless use.

/// `println!` that ends the program quietly when the reader has gone (`onestop ... | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("error: cannot write output: {e}");
            std::process::exit(1);
        }
    }};
}

#[cfg(feature = "dev")]
mod dev;
mod output;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate, NaiveDateTime};
use clap::{Args, Parser, Subcommand};
use onestop_core::consultation::{ConsultationInput, FollowUp, Referral};
use onestop_core::feed::FetchOptions;
use onestop_core::ksic::Ksic;
use onestop_core::privacy::{self, AuditFilter, ConsentInput};
use onestop_core::profile::parse_date;
use onestop_core::store::ProgramFilter;
use onestop_core::sync;
use onestop_core::vault::{NewStaff, Role};
use onestop_core::{Error, Lang, Profile, Result, Store};
use serde_json::json;

#[derive(Parser)]
#[command(name = "onestop", version, about = "Onestop: the one-stop support desk for small business owners")]
struct Cli {
    /// Database file [default: $ONESTOP_DB, else the per-user data file shared with the app]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of readable output: ko (default) or en
    #[arg(long, global = true, default_value = "ko")]
    lang: String,
    /// Staff login to sign in as; the PIN or password comes from $ONESTOP_PASSWORD or a prompt
    #[arg(long, global = true, env = "ONESTOP_STAFF", value_name = "LOGIN")]
    staff: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Match a merchant against the catalogue
    Match(MatchArgs),
    /// Merchant profiles
    #[command(subcommand)]
    Merchant(MerchantCmd),
    /// Consultation records
    #[command(subcommand)]
    Consult(ConsultCmd),
    /// The program catalogue
    #[command(subcommand)]
    Catalogue(CatalogueCmd),
    /// Search programs, merchants and consultation notes
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Look up KSIC sector codes by code or words
    Ksic {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Printable documents (PDF) and report figures (CSV)
    #[command(subcommand)]
    Report(ReportCmd),
    /// Center settings (stage thresholds, counselor, center)
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Back up the database (online: the app may keep working) into a folder, keeping the newest
    Backup {
        /// Folder for backups [default: backups/ beside the database]
        #[arg(long)]
        dir: Option<PathBuf>,
        /// How many backups to keep
        #[arg(long, default_value_t = 14)]
        keep: usize,
        /// List the backups instead of taking one
        #[arg(long)]
        list: bool,
        #[arg(long)]
        json: bool,
    },
    /// Replace the database's contents with a backup; the current data is backed up first
    Restore {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Staff accounts: who signs in to this desk (the database is encrypted under their PINs)
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Who viewed, changed, exported or printed which record (managers only)
    Audit {
        /// Only lines about this record id
        #[arg(long)]
        record: Option<String>,
        /// Only this staff login
        #[arg(long = "by")]
        by: Option<String>,
        /// From this date, YYYY-MM-DD
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Sync with the center's hub: send this desk's changes, take the other desks' changes and
    /// the published catalogue (signs the desk in to the hub first when --user is given)
    Sync(SyncArgs),
    /// Tools for development and testing (only in a build with the `dev` feature)
    #[cfg(feature = "dev")]
    #[command(subcommand, hide = true)]
    Dev(dev::DevCmd),
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct SyncArgs {
    #[command(subcommand)]
    cmd: Option<SyncCmd>,
    /// The hub's address, https://… (remembered after the first sign-in)
    #[arg(long)]
    hub: Option<String>,
    /// Hub account to sign this desk in with; the password comes from $ONESTOP_HUB_PASSWORD or
    /// a prompt and is not stored (the desk keeps a revocable token)
    #[arg(long)]
    user: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum SyncCmd {
    /// Hub, last sync, changes waiting, conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Merchant fields two desks set differently
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: VALUE (JSON, or plain text) becomes the field's value on every desk
    Resolve { merchant: String, field: String, value: String },
    /// Publish this desk's catalogue to the center (managers); every desk takes it on sync
    Publish,
    /// Sign this desk out of the hub (its token is revoked)
    Logout,
}

/// New PINs and passwords come from $ONESTOP_NEW_PASSWORD or a prompt (twice), never a flag.
#[derive(Subcommand)]
enum StaffCmd {
    /// Set up this desk with its first manager; an existing database is encrypted
    Init {
        #[arg(long)]
        login: String,
        /// Display name
        #[arg(long)]
        name: String,
    },
    /// Add a staff member (managers only)
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// manager or staff
        #[arg(long, default_value = "staff")]
        role: String,
    },
    /// Who can sign in (no sign-in needed)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a new PIN: your own, or (managers) anyone's, which also enables a disabled member
    Pin { login: Option<String> },
    /// Disable a staff member: their PIN no longer opens the database (managers only)
    Disable { login: String },
}

#[derive(Args)]
struct MatchArgs {
    /// A merchant profile as JSON ("-" for standard input)
    #[arg(long, conflicts_with = "merchant", required_unless_present = "merchant")]
    profile: Option<PathBuf>,
    /// A stored merchant's id (or an unambiguous prefix)
    #[arg(long)]
    merchant: Option<String>,
    /// The date to judge on, YYYY-MM-DD [default: today]
    #[arg(long)]
    as_of: Option<String>,
    /// Only this program
    #[arg(long)]
    program: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum MerchantCmd {
    /// Add a merchant from a profile JSON file
    Add {
        #[arg(long)]
        profile: PathBuf,
        #[command(flatten)]
        consent: ConsentArgs,
        #[arg(long)]
        json: bool,
    },
    /// Replace a merchant's facts with a profile JSON file
    Edit {
        id: String,
        #[arg(long)]
        profile: PathBuf,
        #[command(flatten)]
        consent: ConsentArgs,
        #[arg(long)]
        json: bool,
    },
    /// Record the merchant's signed consent to personal-information processing
    Consent {
        id: String,
        #[command(flatten)]
        consent: ConsentArgs,
    },
    /// The merchant withdraws consent: their personal fields are removed at once
    WithdrawConsent {
        id: String,
        /// The date of the withdrawal [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// Everything stored about a merchant, as JSON, for their request
    Export {
        id: String,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Erase a merchant and all their consultations on request (cannot be undone)
    Erase {
        id: String,
        /// Confirm the erasure
        #[arg(long)]
        yes: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Search by name, registration number or phone
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
}

/// A signed consent form: personal fields (representative's name, phone, birth date) are
/// stored only with one.
#[derive(Args)]
struct ConsentArgs {
    /// The date on the merchant's signed consent form, YYYY-MM-DD
    #[arg(long = "consent-on", value_name = "DATE")]
    on: Option<String>,
    /// Which form was signed
    #[arg(long = "consent-form", default_value = privacy::DEFAULT_CONSENT_FORM, value_name = "NAME")]
    form: String,
}

impl ConsentArgs {
    fn input(&self) -> Result<Option<ConsentInput>> {
        self.on
            .as_deref()
            .map(|d| Ok(ConsentInput { given_on: parse_date("--consent-on", d)?, form: self.form.clone() }))
            .transpose()
    }
}

#[derive(Args)]
struct ConsultFields {
    /// Counselor's name
    #[arg(long)]
    counselor: Option<String>,
    /// counter, visit, phone or online
    #[arg(long)]
    channel: Option<String>,
    /// When, "YYYY-MM-DD HH:MM" [default: now]
    #[arg(long)]
    at: Option<String>,
    /// Where, for visits
    #[arg(long)]
    place: Option<String>,
    /// A topic (repeatable)
    #[arg(long = "topic")]
    topics: Vec<String>,
    #[arg(long)]
    notes: Option<String>,
    /// A program discussed (repeatable); its verdict is saved as it is now
    #[arg(long = "program")]
    programs: Vec<String>,
    /// A referral: "INSTITUTION" or "INSTITUTION=PROGRAM_ID" (repeatable)
    #[arg(long = "referral")]
    referrals: Vec<String>,
    /// A follow-up: "YYYY-MM-DD:action" (repeatable)
    #[arg(long = "follow-up")]
    follow_ups: Vec<String>,
    #[arg(long)]
    outcome: Option<String>,
}

#[derive(Subcommand)]
enum ConsultCmd {
    /// Record a consultation
    Add {
        #[arg(long)]
        merchant: String,
        #[command(flatten)]
        fields: ConsultFields,
        #[arg(long)]
        json: bool,
    },
    /// Edit a consultation (the earlier version is kept); only the fields given change
    Edit {
        id: String,
        #[command(flatten)]
        fields: ConsultFields,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        merchant: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Set the status of referral N (0-based): proposed, referred, accepted, completed, declined
    Referral {
        id: String,
        index: usize,
        #[arg(long)]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark follow-up N (0-based) done (or not, with --undo)
    Done {
        id: String,
        index: usize,
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        /// Show every saved version
        #[arg(long)]
        versions: bool,
        #[arg(long)]
        json: bool,
    },
}

/// How to ask the Bizinfo API (with `--url`).
#[derive(Args)]
struct FeedArgs {
    /// The API key (crtfcKey); better given in BIZINFO_KEY, out of the shell history
    #[arg(long, env = "BIZINFO_KEY", hide_env_values = true, requires = "url")]
    key: Option<String>,
    /// Only the most recent N notices (searchCnt)
    #[arg(long, requires = "url")]
    search_cnt: Option<u32>,
    /// Support area code (searchLclasId), e.g. 01 finance, 06 management
    #[arg(long, requires = "url")]
    lclas_id: Option<String>,
    /// Hashtags, comma-separated, e.g. 서울,소상공인
    #[arg(long, requires = "url")]
    hashtags: Option<String>,
    /// Notices per page
    #[arg(long, default_value_t = 100, requires = "url")]
    page_unit: u32,
    /// Seconds to wait for each answer
    #[arg(long, default_value_t = 30, requires = "url")]
    timeout: u64,
    /// Attempts per page before giving up (waits 1 s, 2 s, 4 s, ... between them)
    #[arg(long, default_value_t = 5, requires = "url")]
    attempts: u32,
}

impl FeedArgs {
    fn options(self, url: String) -> FetchOptions {
        FetchOptions {
            url,
            key: self.key,
            search_cnt: self.search_cnt,
            lclas_id: self.lclas_id,
            hashtags: self.hashtags,
            page_unit: self.page_unit,
            timeout_ms: self.timeout.saturating_mul(1000),
            attempts: self.attempts,
            ..Default::default()
        }
    }
}

#[derive(Subcommand)]
enum CatalogueCmd {
    List {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        provider: Option<String>,
        /// Only programs open on this date (YYYY-MM-DD)
        #[arg(long)]
        open_on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Who should we call about this program: merchants it fits or may fit, best first
    Prospects {
        id: String,
        /// Judge eligibility on this date (YYYY-MM-DD) [default: today]
        #[arg(long)]
        on: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Import programs: from the Bizinfo (기업마당) API (--url) or a saved response, or an
    /// Onestop catalogue file
    #[command(group(clap::ArgGroup::new("input").required(true).args(["file", "url"])))]
    Import {
        #[arg(long, value_parser = ["bizinfo", "onestop"])]
        format: String,
        /// A saved response or catalogue file
        file: Option<PathBuf>,
        /// Fetch from the Bizinfo API, e.g. https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        feed: FeedArgs,
        #[arg(long)]
        json: bool,
    },
    /// Every saved version of a program, with what changed
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the whole catalogue as an Onestop catalogue file
    Export { file: PathBuf },
    /// Set a program's criteria from a JSON list (kept across re-imports)
    Criteria {
        id: String,
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// A merchant-facing consultation summary (one A4 page where it fits)
    Summary {
        #[arg(long)]
        consultation: String,
        #[arg(long)]
        out: PathBuf,
        /// Leave the counselor's internal notes out
        #[arg(long)]
        no_internal_notes: bool,
        /// Count D-days from this date [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// A manager's report for a period: PDF with charts, optionally the figures as CSV
    Period {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Follow-ups due before this date count as overdue [default: today]
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(Subcommand)]
enum SettingsCmd {
    Get { key: String },
    Set { key: String, value: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = STAFF.set(cli.staff.clone());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is_user_error() { 2 } else { 1 })
        }
    }
}

/// `$ONESTOP_DB`, else the per-user data file shared with the app (`onestop_core::paths`; a
/// debug build uses the app's development folder).
fn default_db() -> Result<PathBuf> {
    let data_dir = dirs::data_dir();
    onestop_core::paths::data_file(std::env::var_os("ONESTOP_DB"), data_dir.as_deref(), cfg!(debug_assertions))
}

/// The database file: `--db`, else the default.
fn db_path(cli_db: &Option<PathBuf>) -> Result<PathBuf> {
    match cli_db {
        Some(p) => Ok(p.clone()),
        None => default_db(),
    }
}

/// The `--staff` login, set once in `main`.
static STAFF: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// A secret from an environment variable, else typed at a terminal without echo.
fn secret(var: &str, prompt: &str, confirm: bool) -> Result<String> {
    if let Ok(s) = std::env::var(var) {
        return Ok(s);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Error::invalid(var, "", "not set, and there is no terminal to ask on"));
    }
    let read = |p: &str| {
        rpassword::prompt_password(p)
            .map_err(|e| Error::invalid(var, "", format!("cannot read from the terminal: {e}")))
    };
    let first = read(prompt)?;
    if confirm && read("다시 한 번 / once more: ")? != first {
        return Err(Error::invalid("PIN", "***", "the two entries differ"));
    }
    Ok(first)
}

/// Sign in (`--staff`/$ONESTOP_STAFF and $ONESTOP_PASSWORD) and open the encrypted database.
fn open(cli_db: &Option<PathBuf>) -> Result<Store> {
    let db = db_path(cli_db)?;
    let login = STAFF.get().cloned().flatten().ok_or_else(|| {
        Error::invalid("--staff", "", "sign in: pass --staff LOGIN or set ONESTOP_STAFF (see `onestop staff list`)")
    })?;
    let pin = secret("ONESTOP_PASSWORD", &format!("{login} PIN: "), false)?;
    privacy::sign_in(&db, &login, &pin)
}

fn staff(cmd: StaffCmd, db: &Option<PathBuf>) -> Result<()> {
    let new_secret = || secret("ONESTOP_NEW_PASSWORD", "새 PIN / new PIN: ", true);
    match cmd {
        StaffCmd::Init { login, name } => {
            let path = db_path(db)?;
            let first = NewStaff { login, name, role: Role::Manager, secret: new_secret()? };
            let store = privacy::set_up(&path, &first)?;
            outln!("{} ({})", store.actor().map(|m| m.login.as_str()).unwrap_or_default(), path.display());
        }
        StaffCmd::Add { login, name, role } => {
            let role = role.parse()?;
            let mut store = open(db)?;
            let m = store.add_staff(&NewStaff { login, name, role, secret: new_secret()? })?;
            outln!("{}", m.login);
        }
        StaffCmd::List { json } => {
            let all = privacy::staff_of(&db_path(db)?)?;
            if json {
                print_json(&all);
            } else {
                for m in all {
                    let role = if m.role == Role::Manager { "manager" } else { "staff" };
                    let off = if m.disabled { "  (disabled)" } else { "" };
                    outln!("{}\t{}\t{role}{off}", m.login, m.name);
                }
            }
        }
        StaffCmd::Pin { login } => {
            let mut store = open(db)?;
            let login = login.or_else(|| store.actor().map(|m| m.login.clone())).unwrap_or_default();
            let m = store.set_staff_secret(&login, &new_secret()?)?;
            outln!("{}", m.login);
        }
        StaffCmd::Disable { login } => {
            let m = open(db)?.disable_staff(&login)?;
            outln!("{} disabled", m.login);
        }
    }
    Ok(())
}

fn print_sync_status(st: &sync::SyncStatus) {
    let or_dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    outln!("hub:         {}", or_dash(&st.hub));
    outln!("account:     {} ({}, {})", or_dash(&st.login), or_dash(&st.center), or_dash(&st.role));
    outln!("last synced: {}", st.last_synced.map(|t| t.to_string()).unwrap_or_else(|| "never".into()));
    outln!("waiting:     {} change(s); {} catalogue program(s) to publish", st.waiting, st.catalogue_waiting);
    outln!("conflicts:   {}", st.conflicts);
    outln!("catalogue:   version {}", st.catalogue_version);
}

fn sync(args: SyncArgs, db: &Option<PathBuf>) -> Result<()> {
    let mut store = open(db)?;
    match args.cmd {
        Some(SyncCmd::Status { json }) => {
            let st = store.sync_status()?;
            if json {
                print_json(&st);
            } else {
                print_sync_status(&st);
            }
        }
        Some(SyncCmd::Conflicts { json }) => {
            let all = store.sync_conflicts()?;
            if json {
                print_json(&all);
            } else {
                for c in all {
                    let values: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
                    outln!(
                        "{}  {}  {}: {}",
                        c.merchant_id,
                        c.merchant_name.unwrap_or_default(),
                        c.field,
                        values.join(" | ")
                    );
                }
            }
        }
        Some(SyncCmd::Resolve { merchant, field, value }) => {
            let v = serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
            let m = store.resolve_conflict(&merchant, &field, v)?;
            outln!("{} {field} resolved; sent on the next sync", m.id);
        }
        Some(SyncCmd::Publish) => {
            let p = sync::publish_catalogue(&mut store)?;
            outln!(
                "catalogue version {} published ({} programs)",
                p.version,
                store.programs(&Default::default())?.len()
            );
        }
        Some(SyncCmd::Logout) => {
            sync::sign_out(&mut store)?;
            outln!("signed out of the hub");
        }
        None => {
            if let Some(user) = &args.user {
                let hub = match &args.hub {
                    Some(h) => h.clone(),
                    None => store.sync_status()?.hub.ok_or_else(|| {
                        Error::invalid("--hub", "", "give the hub's address the first time this desk signs in")
                    })?,
                };
                let password = secret("ONESTOP_HUB_PASSWORD", &format!("{user} hub password: "), false)?;
                let who = sync::sign_in(&mut store, &hub, user, &password)?;
                eprintln!(
                    "signed in to {hub} as {} ({}, until {})",
                    who.login,
                    who.center,
                    who.expires_at.date_naive()
                );
            } else if let Some(h) = &args.hub {
                let known = store.sync_status()?.hub;
                if known.as_deref().map(|k| k.trim_end_matches('/')) != Some(h.trim_end_matches('/')) {
                    return Err(Error::invalid(
                        "--hub",
                        h,
                        "this desk is not signed in to that hub: add --user LOGIN to sign in",
                    ));
                }
            }
            let quiet = args.json || !std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report = sync::sync(&mut store, &mut |p| {
                if !quiet {
                    match p {
                        sync::SyncProgress::Pushing { done, total } => eprintln!("sending {done}/{total}"),
                        sync::SyncProgress::Pulling { received } => eprintln!("received {received}"),
                        sync::SyncProgress::Catalogue { version } => eprintln!("catalogue version {version}"),
                    }
                }
            })?;
            if args.json {
                print_json(&report);
            } else {
                outln!(
                    "sent {} (already on the hub {}, dropped for erased merchants {}), received {}, new conflicts {}",
                    report.pushed,
                    report.duplicates,
                    report.dropped_erased,
                    report.pulled,
                    report.conflicted
                );
                print_sync_status(&report.status);
            }
        }
    }
    Ok(())
}

fn read_input(flag: &str, path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::invalid(flag, "-", format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| Error::invalid(flag, path.display(), format!("cannot read: {e}")))
}

fn as_of(arg: &Option<String>) -> Result<NaiveDate> {
    match arg {
        Some(s) => Ok(parse_date("--as-of", s)?),
        None => Ok(Local::now().date_naive()),
    }
}

/// The `match --json` object, keys in the documented order.
#[derive(serde::Serialize)]
struct MatchReport<'a> {
    as_of: NaiveDate,
    stage: &'a str,
    matches: &'a [onestop_core::Match],
}

fn print_json(v: &impl serde::Serialize) {
    outln!("{}", serde_json::to_string_pretty(v).expect("plain data serializes"));
}

fn run(cli: Cli) -> Result<()> {
    let lang: Lang = cli.lang.parse()?;
    match cli.command {
        Command::Match(a) => {
            let date = as_of(&a.as_of)?;
            // Parse the input before touching the database: bad input writes nothing.
            let profile = a
                .profile
                .as_ref()
                .map(|p| read_input("--profile", p).and_then(|t| Ok(Profile::from_json_str(&t)?)))
                .transpose()?;
            let store = open(&cli.db)?;
            let profile = match (profile, &a.merchant) {
                (Some(p), _) => p,
                (None, Some(id)) => store.view_merchant(id)?.profile,
                (None, None) => unreachable!("clap requires --profile or --merchant"),
            };
            let (stage, matches) = store.match_profile(&profile, date, a.program.as_deref())?;
            if a.json {
                print_json(&MatchReport {
                    as_of: date,
                    stage: stage.map(|s| s.as_str()).unwrap_or("unknown"),
                    matches: &matches,
                });
            } else {
                output::matches(&store, lang, date, &profile, &matches)?;
            }
        }
        Command::Merchant(cmd) => merchant(cmd, &cli.db, lang)?,
        Command::Consult(cmd) => consult(cmd, &cli.db, lang)?,
        Command::Catalogue(cmd) => catalogue(cmd, &cli.db, lang)?,
        Command::Search { query, json } => {
            let hits = open(&cli.db)?.search(&query, None, 50)?;
            if json {
                print_json(&hits);
            } else {
                output::hits(&hits);
            }
        }
        Command::Ksic { query, json } => {
            let hits = Ksic::get().search(&query, 50);
            if json {
                print_json(&hits);
            } else {
                for h in hits {
                    outln!("{:<6} {}  {}", h.code, h.section, if lang == Lang::Ko { &h.ko } else { &h.en });
                }
            }
        }
        Command::Report(cmd) => report(cmd, &cli.db, lang)?,
        Command::Settings(SettingsCmd::Get { key }) => {
            let store = open(&cli.db)?;
            outln!("{}", store.setting(&key)?.unwrap_or_default());
        }
        Command::Settings(SettingsCmd::Set { key, value }) => open(&cli.db)?.set_setting(&key, &value)?,
        Command::Backup { dir, keep, list, json } => {
            let dir = match dir {
                Some(d) => d,
                None => backups_dir(&cli.db)?,
            };
            let shown =
                if list { onestop_core::backup::list(&dir)? } else { vec![open(&cli.db)?.backup_into(&dir, keep)?] };
            if json {
                print_json(&shown);
            } else {
                for b in shown {
                    outln!("{}  {}  {} KB", b.taken_at.format("%Y-%m-%d %H:%M:%S"), b.path, b.bytes.div_ceil(1024));
                }
            }
        }
        Command::Restore { file, json } => {
            let safety_dir = backups_dir(&cli.db)?;
            let safety = open(&cli.db)?.restore_from(&file, &safety_dir)?;
            if json {
                print_json(&json!({"restored": file, "previous_data_saved_to": safety.path}));
            } else {
                outln!("restored {}; the data it replaced is saved in {}", file.display(), safety.path);
            }
        }
        Command::Staff(cmd) => staff(cmd, &cli.db)?,
        Command::Audit { record, by, since, limit, json } => {
            let since = since.map(|d| parse_date("--since", &d)).transpose()?;
            let log =
                open(&cli.db)?.audit_log(&AuditFilter { record_id: record, staff: by, since, limit: Some(limit) })?;
            if json {
                print_json(&log);
            } else {
                for a in log {
                    let detail = if a.detail.is_empty() { String::new() } else { format!("  {}", a.detail) };
                    outln!("{}  {:<10} {:<8} {} {}{detail}", a.at, a.staff, a.action, a.record_kind, a.record_id);
                }
            }
        }
        Command::Sync(args) => sync(args, &cli.db)?,
        #[cfg(feature = "dev")]
        Command::Dev(cmd) => dev::run(cmd, &cli.db)?,
    }
    Ok(())
}

/// `backups/` beside the database file.
fn backups_dir(cli_db: &Option<PathBuf>) -> Result<PathBuf> {
    let db = db_path(cli_db)?;
    Ok(db.parent().map(|d| d.join("backups")).unwrap_or_else(|| PathBuf::from("backups")))
}

fn merchant(cmd: MerchantCmd, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
    match cmd {
        MerchantCmd::Add { profile, consent, json } => {
            let p = Profile::from_json_str(&read_input("--profile", &profile)?)?;
            let consent = consent.input()?;
            let mut store = open(db)?;
            let dups = store.likely_duplicates(&p, None)?;
            let m = store.add_merchant(p, consent.as_ref())?;
            for d in dups {
                eprintln!(
                    "warning: possible duplicate of merchant {} ({}): same name and phone",
                    d.id,
                    d.profile.name.unwrap_or_default()
                );
            }
            if json {
                print_json(&m);
            } else {
                outln!("{}", m.id);
            }
        }
        MerchantCmd::Edit { id, profile, consent, json } => {
            let p = Profile::from_json_str(&read_input("--profile", &profile)?)?;
            let consent = consent.input()?;
            let m = open(db)?.update_merchant(&id, p, consent.as_ref())?;
            if json {
                print_json(&m);
            } else {
                outln!("{}", m.id);
            }
        }
        MerchantCmd::Consent { id, consent } => {
            let c = consent
                .input()?
                .ok_or_else(|| Error::invalid("--consent-on", "", "give the date on the signed form"))?;
            let all = open(db)?.record_consent(&id, &c)?;
            outln!("{} consent(s) on record", all.len());
        }
        MerchantCmd::WithdrawConsent { id, on } => {
            let on = match on {
                Some(d) => parse_date("--on", &d)?,
                None => Local::now().date_naive(),
            };
            let m = open(db)?.withdraw_consent(&id, on)?;
            outln!("{}", m.id);
        }
        MerchantCmd::Export { id, output } => {
            let x = open(db)?.export_merchant(&id)?;
            let text = serde_json::to_string_pretty(&x).expect("serializing plain data cannot fail");
            match output {
                Some(path) => {
                    onestop_core::pdf::write_atomically(&path, text.as_bytes())?;
                    outln!("{}", path.display());
                }
                None => outln!("{text}"),
            }
        }
        MerchantCmd::Erase { id, yes } => {
            if !yes {
                return Err(Error::invalid("--yes", "", "erasing a merchant cannot be undone; add --yes to confirm"));
            }
            let e = open(db)?.erase_merchant(&id)?;
            outln!("erased {} with {} consultation(s)", e.merchant_id, e.consultations);
        }
        MerchantCmd::Show { id, json } => {
            let store = open(db)?;
            let m = store.view_merchant(&id)?;
            if json {
                print_json(&m);
            } else {
                output::merchant(&store, lang, &m)?;
            }
        }
        MerchantCmd::List { json } => {
            let all = open(db)?.view_merchants()?;
            if json {
                print_json(&all);
            } else {
                for m in all {
                    output::merchant_line(&m);
                }
            }
        }
        MerchantCmd::Search { query, json } => {
            let store = open(db)?;
            let hits = store.search(&query, Some("merchant"), 50)?;
            let found: Vec<_> = hits.iter().map(|h| store.view_merchant(&h.id)).collect::<Result<_>>()?;
            if json {
                print_json(&found);
            } else {
                for m in found {
                    output::merchant_line(&m);
                }
            }
        }
    }
    Ok(())
}

fn parse_at(s: &str) -> Result<NaiveDateTime> {
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s.trim(), fmt) {
            return Ok(t);
        }
    }
    Ok(parse_date("--at", s)
        .map_err(|_| Error::invalid("--at", s, "expected YYYY-MM-DD HH:MM"))?
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default())
}

/// Apply the given command-line fields onto an input (new or existing).
fn apply_fields(mut input: ConsultationInput, f: ConsultFields) -> Result<ConsultationInput> {
    if let Some(c) = f.counselor {
        input.counselor = c;
    }
    if let Some(c) = f.channel {
        input.channel = Some(c.parse()?);
    }
    if let Some(a) = f.at {
        input.at = Some(parse_at(&a)?);
    }
    if f.place.is_some() {
        input.place = f.place;
    }
    if !f.topics.is_empty() {
        input.topics = f.topics;
    }
    if let Some(n) = f.notes {
        input.notes = n;
    }
    if !f.programs.is_empty() {
        input.program_ids = f.programs;
    }
    if !f.referrals.is_empty() {
        input.referrals = f
            .referrals
            .iter()
            .map(|r| {
                let (inst, prog) = match r.split_once('=') {
                    Some((i, p)) => (i.trim(), Some(p.trim().to_string())),
                    None => (r.trim(), None),
                };
                Referral { institution: inst.to_string(), program_id: prog, status: Default::default(), note: None }
            })
            .collect();
    }
    if !f.follow_ups.is_empty() {
        input.follow_ups = f
            .follow_ups
            .iter()
            .map(|s| {
                let (date, action) =
                    s.split_once(':').ok_or_else(|| Error::invalid("--follow-up", s, "expected YYYY-MM-DD:action"))?;
                Ok(FollowUp {
                    due_on: parse_date("--follow-up", date)?,
                    action: action.trim().to_string(),
                    done: false,
                })
            })
            .collect::<Result<_>>()?;
    }
    if f.outcome.is_some() {
        input.outcome = f.outcome;
    }
    Ok(input)
}

fn consult(cmd: ConsultCmd, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
    match cmd {
        ConsultCmd::Add { merchant, fields, json } => {
            let input = apply_fields(ConsultationInput { merchant_id: merchant, ..Default::default() }, fields)?;
            input.validate()?;
            let c = open(db)?.add_consultation(input)?;
            if json {
                print_json(&c);
            } else {
                outln!("{}", c.id);
            }
        }
        ConsultCmd::Edit { id, fields, json } => {
            let mut store = open(db)?;
            let old = store.consultation(&id)?;
            let base = ConsultationInput {
                merchant_id: old.merchant_id.clone(),
                at: Some(old.at),
                counselor: old.counselor.clone(),
                channel: Some(old.channel),
                place: old.place.clone(),
                topics: old.topics.clone(),
                notes: old.notes.clone(),
                program_ids: old.programs.iter().map(|p| p.program_id.clone()).collect(),
                referrals: old.referrals.clone(),
                follow_ups: old.follow_ups.clone(),
                outcome: old.outcome.clone(),
            };
            let c = store.update_consultation(&old.id.to_string(), apply_fields(base, fields)?)?;
            if json {
                print_json(&c);
            } else {
                outln!("{} v{}", c.id, c.version);
            }
        }
        ConsultCmd::Referral { id, index, status, json } => {
            let status = status.parse()?;
            let c = open(db)?.set_referral_status(&id, index, status)?;
            if json {
                print_json(&c);
            } else {
                outln!("{} v{}", c.id, c.version);
            }
        }
        ConsultCmd::Done { id, index, undo, json } => {
            let c = open(db)?.set_follow_up_done(&id, index, !undo)?;
            if json {
                print_json(&c);
            } else {
                outln!("{} v{}", c.id, c.version);
            }
        }
        ConsultCmd::List { merchant, json } => {
            let list = open(db)?.consultations(merchant.as_deref())?;
            if json {
                print_json(&list);
            } else {
                for c in list {
                    output::consultation_line(&c);
                }
            }
        }
        ConsultCmd::Show { id, versions, json } => {
            let store = open(db)?;
            let list =
                if versions { store.view_consultation_versions(&id)? } else { vec![store.view_consultation(&id)?] };
            if json {
                if versions {
                    print_json(&list);
                } else {
                    print_json(&list[0]);
                }
            } else {
                for c in &list {
                    output::consultation(&store, lang, c)?;
                }
            }
        }
    }
    Ok(())
}

fn report(cmd: ReportCmd, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
    use onestop_core::pdf::write_atomically;
    use onestop_core::report;
    let today = Local::now().date_naive();
    match cmd {
        ReportCmd::Summary { consultation, out, no_internal_notes, on } => {
            let on = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or(today);
            let store = open(db)?;
            let opt = report::SummaryOptions { lang, include_internal_notes: !no_internal_notes, on };
            let pdf = report::consultation_summary_pdf(&store, &consultation, &opt)?;
            write_atomically(&out, &pdf)?;
            outln!("{}", out.display());
        }
        ReportCmd::Period { from, to, out, csv, as_of } => {
            let from = parse_date("--from", &from)?;
            let to = parse_date("--to", &to)?;
            let as_of = as_of.map(|d| parse_date("--as-of", &d)).transpose()?.unwrap_or(today);
            let store = open(db)?;
            let figures = report::period_figures(&store, from, to, as_of)?;
            let pdf = report::period_report_pdf(&store, &figures, lang)?;
            let csv_bytes = csv.as_ref().map(|_| report::period_csv(&figures)).transpose()?;
            write_atomically(&out, &pdf)?;
            outln!("{}", out.display());
            if let (Some(path), Some(bytes)) = (csv, csv_bytes) {
                write_atomically(&path, &bytes)?;
                outln!("{}", path.display());
            }
        }
    }
    Ok(())
}

fn catalogue(cmd: CatalogueCmd, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
    match cmd {
        CatalogueCmd::List { kind, stage, provider, open_on, json } => {
            let filter = ProgramFilter {
                kind: kind.map(|k| k.parse()).transpose()?,
                stage: stage.map(|s| s.parse()).transpose()?,
                provider,
                open_on: open_on.map(|d| parse_date("--open-on", &d)).transpose()?,
                include_retired: false,
            };
            let programs = open(db)?.programs(&filter)?;
            if json {
                print_json(&programs);
            } else {
                for p in programs {
                    outln!("{:<40} {}", p.id, p.name.get(lang));
                }
            }
        }
        CatalogueCmd::Prospects { id, on, limit, json } => {
            let on = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or_else(|| Local::now().date_naive());
            let list = open(db)?.view_prospects(&id, on, limit)?;
            if json {
                print_json(&list);
            } else {
                outln!(
                    "{}: {} merchants checked on {}, {} eligible, {} to ask",
                    list.program_id,
                    list.merchants_checked,
                    list.as_of,
                    list.eligible,
                    list.unknown
                );
                for p in &list.prospects {
                    let missing =
                        if p.missing.is_empty() { String::new() } else { format!("  ask: {}", p.missing.join(", ")) };
                    outln!(
                        "{:<9} {:<10} {:<24} {:<8} {}{missing}",
                        p.verdict.as_str(),
                        &p.merchant_id[..8.min(p.merchant_id.len())],
                        p.name.as_deref().unwrap_or("-"),
                        p.district.as_deref().unwrap_or("-"),
                        p.phone.as_deref().unwrap_or("")
                    );
                }
            }
        }
        CatalogueCmd::Show { id, json } => {
            let p = open(db)?.program(&id)?;
            if json {
                let mut v = serde_json::to_value(&p).expect("plain data");
                let today = Local::now().date_naive();
                v["window"] = json!({
                    "status": p.window.status(today),
                    "opens_on": p.window.opens_on,
                    "closes_on": p.window.closes_on,
                    "until_budget_exhausted": p.window.until_budget_exhausted,
                    "always_open": p.window.always_open,
                    "budget_year": p.window.budget_year,
                    "note": p.window.note,
                });
                print_json(&v);
            } else {
                output::program(lang, &p);
            }
        }
        CatalogueCmd::Import { format, file, url, feed, json } => {
            if file.is_some() {
                // Feed flags only mean something with --url; silently ignoring them would hide a mistake.
                let key_on_cli = feed.key.is_some() && std::env::var_os("BIZINFO_KEY").is_none();
                let given = [
                    (url.is_some(), "--url"),
                    (key_on_cli, "--key"),
                    (feed.search_cnt.is_some(), "--search-cnt"),
                    (feed.lclas_id.is_some(), "--lclas-id"),
                    (feed.hashtags.is_some(), "--hashtags"),
                ];
                if let Some((_, flag)) = given.iter().find(|(on, _)| *on) {
                    return Err(Error::invalid(*flag, "", "fetches from the API: give FILE or --url, not both"));
                }
            }
            let summary = match (file, url) {
                (Some(file), _) => {
                    let body = read_input("FILE", &file)?;
                    let mut store = open(db)?;
                    if format == "bizinfo" {
                        onestop_core::bizinfo::import_body(&mut store, &body)?
                    } else {
                        let programs = onestop_core::catalogue::parse_file(&file.display().to_string(), &body)?;
                        store.import_programs(&programs, "onestop", vec![])?
                    }
                }
                (None, Some(url)) => {
                    if format != "bizinfo" {
                        return Err(Error::invalid("--url", url, "only --format bizinfo is fetched over HTTP"));
                    }
                    let opts = feed.options(url);
                    let mut store = open(db)?;
                    let bar = output::ImportProgress::new();
                    let r = onestop_core::feed::import_url(&mut store, &opts, &mut |p| bar.show(&p));
                    bar.finish();
                    r?
                }
                (None, None) => unreachable!("clap requires FILE or --url"),
            };
            if json {
                print_json(&summary);
            } else {
                outln!(
                    "imported {}, updated {}, unchanged {}, rejected {}",
                    summary.imported,
                    summary.updated,
                    summary.unchanged,
                    summary.rejected
                );
                for r in &summary.rejections {
                    outln!("  rejected {}: {}", r.id, r.reason);
                }
            }
        }
        CatalogueCmd::History { id, json } => {
            let versions = open(db)?.program_history(&id)?;
            if json {
                print_json(&versions);
            } else {
                for v in &versions {
                    outln!("v{} {} {}", v.version, v.saved_at.format("%Y-%m-%d %H:%M"), v.reason);
                    for c in &v.changes {
                        let show =
                            |x: &Option<serde_json::Value>| x.as_ref().map_or("—".to_string(), |v| v.to_string());
                        outln!("    {}: {} → {}", c.path, show(&c.before), show(&c.after));
                    }
                }
            }
        }
        CatalogueCmd::Export { file } => {
            let programs = open(db)?.programs(&ProgramFilter { include_retired: true, ..Default::default() })?;
            let text = serde_json::to_string_pretty(&programs).expect("plain data") + "\n";
            onestop_core::pdf::write_atomically(&file, text.as_bytes())?;
            outln!("{} programs → {}", programs.len(), file.display());
        }
        CatalogueCmd::Criteria { id, file } => {
            let text = read_input("--file", &file)?;
            let criteria: Vec<onestop_core::program::Criterion> = serde_json::from_str(&text)
                .map_err(|e| Error::invalid("--file", file.display(), format!("not a list of criteria: {e}")))?;
            let p = open(db)?.set_program_criteria(&id, criteria)?;
            outln!("{}: {} criteria", p.id, p.criteria.len());
        }
        CatalogueCmd::Search { query, json } => {
            let store = open(db)?;
            let hits = store.search(&query, Some("program"), 50)?;
            if json {
                let programs: Vec<_> = hits.iter().map(|h| store.program(&h.id)).collect::<Result<_>>()?;
                print_json(&programs);
            } else {
                output::hits(&hits);
            }
        }
    }
    Ok(())
}
