//! IPC commands: one-line adapters to onestop-core. Arguments are snake_case, as in the core.
//!
//! A new command is its adapter here (a `fn` with the `tauri::command` attribute, calling its
//! core function) and one line, `read name` or `write name`, in `commands_list.rs`: the handler
//! at the bottom, the ACL permissions, `COMMANDS` and the front end's `Command` type all come
//! from that list (see its head for the rest).

use chrono::NaiveDate;
use onestop_core::application::{Application, ApplicationInput};
use onestop_core::backup::{self, BackupInfo, Schedule};
use onestop_core::calls::CallList;
use onestop_core::consultation::{Consultation, ConsultationInput, ReferralStatus};
use onestop_core::device::GuardChoice;
use onestop_core::eligibility::Match;
use onestop_core::feed::{self, Progress};
use onestop_core::files;
use onestop_core::ksic::{Ksic, KsicEntry};
use onestop_core::partner::Partner;
use onestop_core::partners::ReferralAnswer;
use onestop_core::pdf::write_atomically;
use onestop_core::privacy::{self, AuditEntry, AuditFilter, Consent, ConsentInput, Erased};
use onestop_core::profile::{field_errors, parse_date, FieldError};
use onestop_core::program::{Kind, Organisation, Program};
use onestop_core::report::{self, SummaryOptions};
use onestop_core::store::{ImportSummary, Merchant, ProgramFilter, ProgramVersion, SearchHit};
use onestop_core::sync::{self, SyncConflict, SyncProgress, SyncReport, SyncStatus};
use onestop_core::vault::{NewStaff, StaffMember};
use onestop_core::views::{self, DeskSettings, District, FeedSettings, MatchView, ProgramView, TodayView};
use onestop_core::visit::{Visit, VisitInput};
use onestop_core::visits::VisitItem;
use onestop_core::{bizinfo, catalogue};
use onestop_core::{L10n, Lang, Profile, Store};
use serde::Serialize;
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use zeroize::Zeroizing;

use crate::{CmdResult, Desk};

/// About this desk, for the Settings screen.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub version: String,
    pub data_file: String,
    pub development: bool,
}

fn day(field: &str, s: &str) -> CmdResult<NaiveDate> {
    Ok(parse_date(field, s)?)
}

#[tauri::command(rename_all = "snake_case")]
fn app_info(desk: State<'_, Desk>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_file: desk.data_file.display().to_string(),
        development: cfg!(debug_assertions),
    }
}

#[tauri::command(rename_all = "snake_case")]
fn today(desk: State<'_, Desk>, date: String) -> CmdResult<TodayView> {
    let d = day("date", &date)?;
    desk.with(|s| s.today(d))
}

#[tauri::command(rename_all = "snake_case")]
fn search(desk: State<'_, Desk>, query: String) -> CmdResult<Vec<SearchHit>> {
    desk.with(|s| s.search(&query, None, 30))
}

#[tauri::command(rename_all = "snake_case")]
fn check_profile(profile: Value) -> Vec<FieldError> {
    field_errors(&profile)
}

#[tauri::command(rename_all = "snake_case")]
fn likely_duplicates(desk: State<'_, Desk>, profile: Value, except_id: Option<String>) -> CmdResult<Vec<Merchant>> {
    let p = Profile::from_json_value(&profile)?;
    desk.with(|s| s.likely_duplicates(&p, except_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
fn add_merchant(desk: State<'_, Desk>, profile: Value, consent: Option<ConsentInput>) -> CmdResult<Merchant> {
    let p = Profile::from_json_value(&profile)?;
    desk.with(|s| s.add_merchant(p, consent.as_ref()))
}

#[tauri::command(rename_all = "snake_case")]
fn update_merchant(
    desk: State<'_, Desk>,
    id: String,
    profile: Value,
    consent: Option<ConsentInput>,
) -> CmdResult<Merchant> {
    let p = Profile::from_json_value(&profile)?;
    desk.with(|s| s.update_merchant(&id, p, consent.as_ref()))
}

#[tauri::command(rename_all = "snake_case")]
fn get_merchant(desk: State<'_, Desk>, id: String) -> CmdResult<Merchant> {
    desk.with(|s| s.view_merchant(&id))
}

#[tauri::command(rename_all = "snake_case")]
fn list_merchants(desk: State<'_, Desk>) -> CmdResult<Vec<Merchant>> {
    desk.with(|s| s.view_merchants())
}

#[tauri::command(rename_all = "snake_case")]
fn match_merchant(desk: State<'_, Desk>, id: String, as_of: String) -> CmdResult<MatchView> {
    let d = day("as_of", &as_of)?;
    desk.with(|s| s.match_merchant(&id, d))
}

#[tauri::command(rename_all = "snake_case")]
fn explain_match(desk: State<'_, Desk>, id: String, program_id: String, as_of: String) -> CmdResult<Match> {
    let d = day("as_of", &as_of)?;
    desk.with(|s| s.explain_match(&id, &program_id, d))
}

#[tauri::command(rename_all = "snake_case")]
fn add_consultation(desk: State<'_, Desk>, input: ConsultationInput) -> CmdResult<Consultation> {
    desk.with(|s| s.add_consultation(input))
}

#[tauri::command(rename_all = "snake_case")]
fn update_consultation(desk: State<'_, Desk>, id: String, input: ConsultationInput) -> CmdResult<Consultation> {
    desk.with(|s| s.update_consultation(&id, input))
}

#[tauri::command(rename_all = "snake_case")]
fn get_consultation(desk: State<'_, Desk>, id: String) -> CmdResult<Consultation> {
    desk.with(|s| s.view_consultation(&id))
}

#[tauri::command(rename_all = "snake_case")]
fn merchant_consultations(desk: State<'_, Desk>, merchant_id: String) -> CmdResult<Vec<Consultation>> {
    desk.with(|s| s.view_consultations_of(&merchant_id))
}

/// Every saved version of a consultation, oldest first (the view is logged).
#[tauri::command(rename_all = "snake_case")]
fn consultation_versions(desk: State<'_, Desk>, id: String) -> CmdResult<Vec<Consultation>> {
    desk.with(|s| s.view_consultation_versions(&id))
}

#[tauri::command(rename_all = "snake_case")]
fn set_follow_up_done(desk: State<'_, Desk>, id: String, index: u32, done: bool) -> CmdResult<Consultation> {
    desk.with(|s| s.set_follow_up_done(&id, index as usize, done))
}

#[tauri::command(rename_all = "snake_case")]
fn set_referral_status(
    desk: State<'_, Desk>,
    id: String,
    index: u32,
    status: ReferralStatus,
) -> CmdResult<Consultation> {
    desk.with(|s| s.set_referral_status(&id, index as usize, status))
}

#[tauri::command(rename_all = "snake_case")]
fn answer_referral(desk: State<'_, Desk>, id: String, index: u32, answer: ReferralAnswer) -> CmdResult<Consultation> {
    desk.with(|s| s.answer_referral(&id, index as usize, answer))
}

#[tauri::command(rename_all = "snake_case")]
fn list_partners(desk: State<'_, Desk>, include_retired: bool) -> CmdResult<Vec<Partner>> {
    desk.with(|s| s.partners(include_retired))
}

#[tauri::command(rename_all = "snake_case")]
fn save_partner(desk: State<'_, Desk>, partner: Partner) -> CmdResult<Partner> {
    desk.with(|s| s.save_partner(partner))
}

#[tauri::command(rename_all = "snake_case")]
fn retire_partner(desk: State<'_, Desk>, id: String, retired: bool) -> CmdResult<Partner> {
    desk.with(|s| s.retire_partner(&id, retired))
}

#[tauri::command(rename_all = "snake_case")]
fn plan_visit(desk: State<'_, Desk>, input: VisitInput) -> CmdResult<Visit> {
    desk.with(|s| s.plan_visit(input))
}

#[tauri::command(rename_all = "snake_case")]
fn update_visit(desk: State<'_, Desk>, id: String, input: VisitInput) -> CmdResult<Visit> {
    desk.with(|s| s.update_visit(&id, input))
}

#[tauri::command(rename_all = "snake_case")]
fn visits_between(desk: State<'_, Desk>, from: NaiveDate, to: NaiveDate) -> CmdResult<Vec<VisitItem>> {
    desk.with(|s| s.visits_between(from, to))
}

/// Record a planned visit as a consultation; the consultation is returned.
#[tauri::command(rename_all = "snake_case")]
fn record_visit(desk: State<'_, Desk>, id: String, input: ConsultationInput) -> CmdResult<Consultation> {
    desk.with(|s| s.record_visit(&id, input).map(|(_, c)| c))
}

#[tauri::command(rename_all = "snake_case")]
fn add_application(desk: State<'_, Desk>, input: ApplicationInput) -> CmdResult<Application> {
    desk.with(|s| s.add_application(input))
}

#[tauri::command(rename_all = "snake_case")]
fn update_application(desk: State<'_, Desk>, id: String, input: ApplicationInput) -> CmdResult<Application> {
    desk.with(|s| s.update_application(&id, input))
}

#[tauri::command(rename_all = "snake_case")]
fn adjust_duty(
    desk: State<'_, Desk>,
    id: String,
    step: u32,
    due_on: NaiveDate,
    reason: String,
) -> CmdResult<Application> {
    desk.with(|s| s.adjust_duty(&id, step, due_on, &reason))
}

#[tauri::command(rename_all = "snake_case")]
fn set_duty_done(desk: State<'_, Desk>, id: String, step: u32, done: bool) -> CmdResult<Application> {
    desk.with(|s| s.set_duty_done(&id, step, done))
}

#[tauri::command(rename_all = "snake_case")]
fn merchant_applications(desk: State<'_, Desk>, merchant_id: String) -> CmdResult<Vec<Application>> {
    desk.with(|s| s.applications(Some(&merchant_id)))
}

#[tauri::command(rename_all = "snake_case")]
fn application_versions(desk: State<'_, Desk>, id: String) -> CmdResult<Vec<Application>> {
    desk.with(|s| s.application_versions(&id))
}

/// A program as a row of the catalogue's list shows it. The list holds every program of the
/// desk (ten thousand and more), so it carries only what a row shows; the whole program comes
/// with `get_program` when one is picked.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ProgramItem {
    pub id: String,
    pub name: L10n,
    pub kinds: Vec<Kind>,
    pub provider: Organisation,
    pub retired: bool,
    /// Where it comes from: `bundled`, `bizinfo`, `kstartup`, `staff`, `onestop`.
    pub origin: String,
}

impl ProgramItem {
    fn of(p: &Program, origin: &str) -> Self {
        ProgramItem {
            id: p.id.clone(),
            name: p.name.clone(),
            kinds: p.kinds.clone(),
            provider: p.provider.clone(),
            retired: p.retired,
            origin: origin.to_string(),
        }
    }
}

/// Runs on a worker thread: with ten thousand programs reading them takes a moment (about half a
/// second), during which the window keeps painting.
#[tauri::command(rename_all = "snake_case")]
async fn list_programs<R: Runtime>(app: AppHandle<R>, filter: ProgramFilter) -> CmdResult<Vec<ProgramItem>> {
    // Light rows straight from the kept catalogue: no program is copied whole.
    on_worker(app, move |s| {
        let origins = s.program_origins()?;
        let origin = |p: &Program| origins.get(&p.id).map_or("bundled", String::as_str);
        Ok(s.catalogue()?
            .iter()
            .filter(|p| filter.keeps(p, Some(origin(p))))
            .map(|p| ProgramItem::of(p, origin(p)))
            .collect())
    })
    .await
}

/// Run `f` with the signed-in store on a worker thread (other commands wait for the store as
/// usual, see `Desk::with`).
async fn on_worker<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&mut Store) -> onestop_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || app.state::<Desk>().with(f)).await.map_err(|e| {
        crate::CmdError::new("internal", format!("명령이 중단됨: {e}"), format!("the command stopped: {e}"))
    })?
}

#[tauri::command(rename_all = "snake_case")]
fn get_program(desk: State<'_, Desk>, id: String, on: String) -> CmdResult<ProgramView> {
    let d = day("on", &on)?;
    desk.with(|s| s.program_view(&id, d))
}

#[tauri::command(rename_all = "snake_case")]
fn ksic_search(query: String) -> Vec<KsicEntry> {
    Ksic::get().search(&query, 40)
}

#[tauri::command(rename_all = "snake_case")]
fn seoul_districts() -> Vec<District> {
    views::seoul_districts()
}

#[tauri::command(rename_all = "snake_case")]
fn get_settings(desk: State<'_, Desk>) -> CmdResult<DeskSettings> {
    desk.with(|s| s.desk_settings())
}

#[tauri::command(rename_all = "snake_case")]
fn save_settings(desk: State<'_, Desk>, settings: DeskSettings) -> CmdResult<DeskSettings> {
    desk.with(|s| s.save_desk_settings(&settings))
}

#[tauri::command(rename_all = "snake_case")]
fn backup_now(desk: State<'_, Desk>) -> CmdResult<String> {
    let dir = desk.backups_dir();
    desk.with(|s| s.backup_into(&dir, Schedule::default().keep)).map(|b| b.path)
}

/// Files a report command wrote.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ReportFiles {
    pub pdf: String,
    pub csv: Option<String>,
}

/// Open a written file in the system viewer (for printing), unless ONESTOP_NO_OPEN is set
/// (tests). Failing to start a viewer is not an error: the file is written and its path shown.
fn show(path: &std::path::Path) {
    if std::env::var_os("ONESTOP_NO_OPEN").is_none() {
        let _ = open::that_detached(path);
    }
}

/// A folder beside the data file (`reports/`, `exports/`), created if needed.
fn made_folder(desk: &Desk, name: &str) -> CmdResult<std::path::PathBuf> {
    let dir = desk.folder(name);
    onestop_core::files::private_dir(&dir)
        .map_err(|e| onestop_core::Error::Io { path: dir.display().to_string(), source: e })?;
    Ok(dir)
}

#[tauri::command(rename_all = "snake_case")]
fn save_summary_pdf(
    desk: State<'_, Desk>,
    consultation_id: String,
    lang: Lang,
    include_internal_notes: bool,
    large_print: bool,
) -> CmdResult<ReportFiles> {
    let opt = SummaryOptions { lang, include_internal_notes, on: chrono::Local::now().date_naive(), large_print };
    let pdf = desk.with(|s| report::consultation_summary_pdf(s, &consultation_id, &opt))?;
    let dir = made_folder(&desk, files::REPORTS)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(files::summary_name(&consultation_id, &stamp));
    write_atomically(&path, &pdf)?;
    show(&path);
    Ok(ReportFiles { pdf: path.display().to_string(), csv: None })
}

/// The slip for referral `index` of a consultation, saved beside the summaries and opened.
#[tauri::command(rename_all = "snake_case")]
fn save_referral_slip(
    desk: State<'_, Desk>,
    consultation_id: String,
    index: u32,
    lang: Lang,
) -> CmdResult<ReportFiles> {
    let pdf = desk.with(|s| report::referral_slip_pdf(s, &consultation_id, index as usize, lang))?;
    let dir = made_folder(&desk, files::REPORTS)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(files::referral_slip_name(&consultation_id, index as usize, &stamp));
    write_atomically(&path, &pdf)?;
    show(&path);
    Ok(ReportFiles { pdf: path.display().to_string(), csv: None })
}

/// What came of the advice in a period (applications, amounts obtained, partners' answers,
/// duties overdue as of today), for the Reports screen.
#[tauri::command(rename_all = "snake_case")]
fn period_results(desk: State<'_, Desk>, from: String, to: String) -> CmdResult<report::PeriodResults> {
    let (from, to) = (day("from", &from)?, day("to", &to)?);
    let today = chrono::Local::now().date_naive();
    desk.with(|s| report::period_results(s, from, to, today))
}

#[tauri::command(rename_all = "snake_case")]
fn save_period_report(desk: State<'_, Desk>, from: String, to: String, lang: Lang) -> CmdResult<ReportFiles> {
    let (from, to) = (day("from", &from)?, day("to", &to)?);
    let today = chrono::Local::now().date_naive();
    let (pdf, csv) = desk.with(|s| {
        let figures = report::period_figures(s, from, to, today)?;
        Ok((report::period_report_pdf(s, &figures, lang)?, report::period_csv(&figures)?))
    })?;
    let dir = made_folder(&desk, "reports")?;
    let stem = dir.join(format!("period-{from}-{to}"));
    let (pdf_path, csv_path) = (stem.with_extension("pdf"), stem.with_extension("csv"));
    write_atomically(&pdf_path, &pdf)?;
    write_atomically(&csv_path, &csv)?;
    show(&pdf_path);
    Ok(ReportFiles { pdf: pdf_path.display().to_string(), csv: Some(csv_path.display().to_string()) })
}

#[tauri::command(rename_all = "snake_case")]
fn program_history(desk: State<'_, Desk>, id: String) -> CmdResult<Vec<ProgramVersion>> {
    desk.with(|s| s.program_history(&id))
}

/// Validate a program being edited without saving it: the first problem, naming its field.
#[tauri::command(rename_all = "snake_case")]
fn check_program(program: Value) -> CmdResult<()> {
    let p: Program = serde_json::from_value(program)
        .map_err(|e| onestop_core::Error::invalid("program", "", format!("not a program: {e}")))?;
    Ok(catalogue::check_program(&p)?)
}

#[tauri::command(rename_all = "snake_case")]
fn create_program(desk: State<'_, Desk>, program: Program) -> CmdResult<Program> {
    desk.with(|s| s.create_program(program))
}

#[tauri::command(rename_all = "snake_case")]
fn edit_program(desk: State<'_, Desk>, program: Program) -> CmdResult<Program> {
    desk.with(|s| s.edit_program(program))
}

#[tauri::command(rename_all = "snake_case")]
fn retire_program(desk: State<'_, Desk>, id: String, retired: bool) -> CmdResult<Program> {
    desk.with(|s| s.retire_program(&id, retired))
}

#[tauri::command(rename_all = "snake_case")]
fn get_feed_settings(desk: State<'_, Desk>, feed: Option<feed::Feed>) -> CmdResult<FeedSettings> {
    desk.with(|s| s.feed_settings_of(feed.unwrap_or_default()))
}

/// A saved Bizinfo response the user picked in the window (read there, sent as text).
#[tauri::command(rename_all = "snake_case")]
fn import_bizinfo_body(desk: State<'_, Desk>, body: String) -> CmdResult<ImportSummary> {
    desk.with(|s| bizinfo::import_body(s, &body))
}

/// Fetch a feed (Bizinfo or K-Startup) and import it, streaming progress to the window. The
/// database is not held while the network is slow: every page is fetched first, then written
/// at once.
#[tauri::command(rename_all = "snake_case")]
async fn import_feed_url(
    desk: State<'_, Desk>,
    feed: FeedSettings,
    on_progress: Channel<Progress>,
) -> CmdResult<ImportSummary> {
    let feed = desk.with(|s| s.save_feed_settings(&feed))?;
    let progress = on_progress.clone();
    let which = feed.feed;
    let items = tauri::async_runtime::spawn_blocking(move || {
        feed::fetch_feed(which, &feed.options(), &mut |p| {
            let _ = progress.send(p);
        })
    })
    .await
    .map_err(|e| {
        crate::CmdError::new("internal", format!("가져오기가 중단됨: {e}"), format!("the import stopped: {e}"))
    })??;
    desk.with(|s| {
        which.import_items(s, &items, &mut |p| {
            let _ = on_progress.send(p);
        })
    })
}

/// Import a saved K-Startup (창업진흥원) API response.
#[tauri::command(rename_all = "snake_case")]
fn import_kstartup_body(desk: State<'_, Desk>, body: String) -> CmdResult<ImportSummary> {
    desk.with(|s| onestop_core::kstartup::import_body(s, &body))
}

/// Programs new since the last look and whom to call about each.
#[tauri::command(rename_all = "snake_case")]
fn new_program_calls(desk: State<'_, Desk>, as_of: String) -> CmdResult<CallList> {
    let as_of = day("as_of", &as_of)?;
    desk.with(|s| s.view_calls(as_of, chrono::Local::now().naive_local()))
}

#[tauri::command(rename_all = "snake_case")]
fn mark_calls_seen(desk: State<'_, Desk>) -> CmdResult<()> {
    desk.with(|s| s.mark_calls_seen(chrono::Local::now().naive_local()))
}

/// Write the list as CSV to `exports/` beside the data file; returns the path.
#[tauri::command(rename_all = "snake_case")]
fn save_calls_csv(desk: State<'_, Desk>, as_of: String, lang: Lang) -> CmdResult<String> {
    let as_of = day("as_of", &as_of)?;
    let csv = desk.with(|s| s.export_calls_csv(as_of, chrono::Local::now().naive_local(), lang))?;
    let dir = made_folder(&desk, files::EXPORTS)?;
    let path = dir.join(format!("calls-{as_of}-{}.csv", chrono::Local::now().format("%Y%m%d-%H%M%S")));
    write_atomically(&path, &csv)?;
    Ok(path.display().to_string())
}

// ----- signing in, staff, personal data ------------------------------------------------------

/// What the sign-in screen needs.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct SessionState {
    /// False until the first manager sets the desk up.
    pub set_up: bool,
    /// Who may sign in (disabled members included, marked).
    pub staff: Vec<StaffMember>,
    pub signed_in: Option<StaffMember>,
    /// The idle lock, in seconds.
    pub idle_lock_secs: u32,
    /// What the desk needs besides a PIN: `keystore`, `passphrase`, or none (a desk set up
    /// before device secrets).
    pub guard: Option<String>,
    /// The sign-in screen asks for the desk passphrase (not yet given in this run of the app,
    /// nor in `$ONESTOP_DESK_PASSPHRASE`).
    pub passphrase_needed: bool,
    /// Before set-up: this machine has no OS keystore, so the set-up asks for a passphrase.
    pub setup_needs_passphrase: bool,
}

fn passphrase_in_env() -> bool {
    std::env::var(onestop_core::device::PASSPHRASE_VAR).is_ok_and(|p| !p.is_empty())
}

#[tauri::command(rename_all = "snake_case")]
fn session_state(desk: State<'_, Desk>) -> CmdResult<SessionState> {
    let staff = privacy::staff_of(&desk.data_file)?;
    let set_up = !staff.is_empty();
    let guard = if set_up { privacy::guard_of(&desk.data_file)?.map(str::to_string) } else { None };
    Ok(SessionState {
        set_up,
        staff,
        signed_in: desk.signed_in()?,
        idle_lock_secs: desk.idle_limit.as_secs().min(u64::from(u32::MAX)) as u32,
        passphrase_needed: guard.as_deref() == Some("passphrase") && !desk.has_device() && !passphrase_in_env(),
        setup_needs_passphrase: !set_up && !passphrase_in_env() && !onestop_core::device::keystore_available(),
        guard,
    })
}

/// The desk just set up: its first manager, and the recovery code to show once.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct SetUpDone {
    pub member: StaffMember,
    pub recovery_code: String,
}

#[tauri::command(rename_all = "snake_case")]
fn set_up_desk(desk: State<'_, Desk>, first: NewStaff, passphrase: Option<Zeroizing<String>>) -> CmdResult<SetUpDone> {
    let guard = match passphrase.filter(|p| !p.is_empty()) {
        Some(p) => GuardChoice::Passphrase(p.to_string()),
        None => GuardChoice::from_env(),
    };
    let mut recovery_code = String::new();
    let member = desk.sign_in(|db| {
        let done = privacy::set_up(db, &first, &guard)?;
        recovery_code = done.recovery_code;
        Ok(done.store)
    })?;
    Ok(SetUpDone { member, recovery_code })
}

#[tauri::command(rename_all = "snake_case")]
fn sign_in(
    desk: State<'_, Desk>,
    login: String,
    secret: Zeroizing<String>,
    passphrase: Option<Zeroizing<String>>,
) -> CmdResult<StaffMember> {
    let kept = desk.device();
    desk.sign_in(|db| {
        let device = match kept {
            Some(d) => Some(d),
            None => privacy::device_secret(db, passphrase.as_deref().map(String::as_str).filter(|p| !p.is_empty()))?,
        };
        privacy::sign_in_with(db, &login, &secret, device)
    })
}

#[tauri::command(rename_all = "snake_case")]
fn sign_out(desk: State<'_, Desk>) -> CmdResult<()> {
    desk.sign_out()
}

#[tauri::command(rename_all = "snake_case")]
fn add_staff(desk: State<'_, Desk>, new: NewStaff) -> CmdResult<StaffMember> {
    desk.with(|s| s.add_staff(&new))
}

#[tauri::command(rename_all = "snake_case")]
fn set_staff_pin(desk: State<'_, Desk>, login: String, secret: Zeroizing<String>) -> CmdResult<StaffMember> {
    desk.with(|s| s.set_staff_secret(&login, &secret))
}

#[tauri::command(rename_all = "snake_case")]
fn disable_staff(desk: State<'_, Desk>, login: String) -> CmdResult<StaffMember> {
    desk.with(|s| s.disable_staff(&login))
}

#[tauri::command(rename_all = "snake_case")]
fn audit_log(desk: State<'_, Desk>, filter: AuditFilter) -> CmdResult<Vec<AuditEntry>> {
    desk.with(|s| s.audit_log(&filter))
}

#[tauri::command(rename_all = "snake_case")]
fn merchant_consents(desk: State<'_, Desk>, merchant_id: String) -> CmdResult<Vec<Consent>> {
    desk.with(|s| s.consents(&merchant_id))
}

#[tauri::command(rename_all = "snake_case")]
fn record_consent(desk: State<'_, Desk>, merchant_id: String, consent: ConsentInput) -> CmdResult<Vec<Consent>> {
    desk.with(|s| s.record_consent(&merchant_id, &consent))
}

#[tauri::command(rename_all = "snake_case")]
fn withdraw_consent(desk: State<'_, Desk>, merchant_id: String, on: String) -> CmdResult<Merchant> {
    let on = day("on", &on)?;
    desk.with(|s| s.withdraw_consent(&merchant_id, on))
}

/// Write everything about a merchant to `exports/` beside the data file; returns the path.
#[tauri::command(rename_all = "snake_case")]
fn export_merchant(desk: State<'_, Desk>, merchant_id: String) -> CmdResult<String> {
    let x = desk.with(|s| s.export_merchant(&merchant_id))?;
    let text = serde_json::to_string_pretty(&x).expect("serializing plain data cannot fail");
    let dir = made_folder(&desk, files::EXPORTS)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(files::export_name(&x.merchant.id, &stamp));
    write_atomically(&path, text.as_bytes())?;
    Ok(path.display().to_string())
}

#[tauri::command(rename_all = "snake_case")]
fn erase_merchant(desk: State<'_, Desk>, merchant_id: String) -> CmdResult<Erased> {
    desk.with(|s| s.erase_merchant(&merchant_id))
}

#[tauri::command(rename_all = "snake_case")]
fn list_backups(desk: State<'_, Desk>) -> CmdResult<Vec<BackupInfo>> {
    desk.with(|_| backup::list(&desk.backups_dir()))
}

/// Replace the data with one of the desk's backups (named by file name, from `list_backups`);
/// the data replaced is backed up first.
#[tauri::command(rename_all = "snake_case")]
fn restore_backup(desk: State<'_, Desk>, name: String) -> CmdResult<BackupInfo> {
    let dir = desk.backups_dir();
    let found = backup::list(&dir)?
        .into_iter()
        .find(|b| std::path::Path::new(&b.path).file_name().is_some_and(|f| f.to_string_lossy() == name))
        .ok_or_else(|| onestop_core::Error::invalid("backup", &name, "is not one of this desk's backups"))?;
    desk.with(|s| s.restore_from(std::path::Path::new(&found.path), &dir))
}

// ----- sync with the center's hub ------------------------------------------------------------

/// A catalogue published to the hub (the programs themselves stay out of the answer).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct PublishedCatalogue {
    #[ts(type = "number")]
    pub version: i64,
    pub published_by: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub status: SyncStatus,
}

/// Run `f` with the signed-in store on a worker thread: talking to the hub uses a blocking HTTP
/// client, which may run neither on the async runtime nor on the thread that paints the window.
/// Meanwhile other commands answer `busy` (see `Desk::with_hub`).
async fn with_hub<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&mut Store) -> onestop_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || app.state::<Desk>().with_hub(f)).await.map_err(|e| {
        crate::CmdError::new("internal", format!("동기화가 중단됨: {e}"), format!("the sync stopped: {e}"))
    })?
}

#[tauri::command(rename_all = "snake_case")]
fn sync_status(desk: State<'_, Desk>) -> CmdResult<SyncStatus> {
    desk.with(|s| s.sync_status())
}

/// Sign this desk in to a hub. The password is used once and wiped; only the hub's token is kept
/// (in the encrypted database), and the window gets the status, never the token.
#[tauri::command(rename_all = "snake_case")]
async fn sync_sign_in<R: Runtime>(
    app: AppHandle<R>,
    hub: String,
    login: String,
    password: Zeroizing<String>,
) -> CmdResult<SyncStatus> {
    with_hub(app, move |s| sync::sign_in(s, &hub, &login, &password).and_then(|_| s.sync_status())).await
}

/// Push, pull and take the catalogue, streaming progress to the window.
#[tauri::command(rename_all = "snake_case")]
async fn sync_now<R: Runtime>(app: AppHandle<R>, on_progress: Channel<SyncProgress>) -> CmdResult<SyncReport> {
    with_hub(app, move |s| {
        sync::sync(s, &mut |p| {
            let _ = on_progress.send(p);
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
fn sync_conflicts(desk: State<'_, Desk>) -> CmdResult<Vec<SyncConflict>> {
    desk.with(|s| s.sync_conflicts())
}

#[tauri::command(rename_all = "snake_case")]
fn resolve_conflict(desk: State<'_, Desk>, merchant_id: String, field: String, value: Value) -> CmdResult<Merchant> {
    desk.with(|s| s.resolve_conflict(&merchant_id, &field, value))
}

#[tauri::command(rename_all = "snake_case")]
async fn publish_catalogue<R: Runtime>(app: AppHandle<R>) -> CmdResult<PublishedCatalogue> {
    with_hub(app, |s| {
        let p = sync::publish_catalogue(s)?;
        Ok(PublishedCatalogue {
            version: p.version,
            published_by: p.published_by,
            published_at: p.published_at,
            status: s.sync_status()?,
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
async fn sync_sign_out<R: Runtime>(app: AppHandle<R>) -> CmdResult<SyncStatus> {
    with_hub(app, |s| sync::sign_out(s).and_then(|()| s.sync_status())).await
}

/// Startup timing for `scripts/bench-app.sh`: the window calls this once, when its first screen
/// (sign-in or first run) has been painted, with the page's own timings in `detail`. With
/// `ONESTOP_STARTUP_PROBE` set it prints `onestop-ready <unix time in microseconds> <screen>
/// <detail>` on stderr; without it, it does nothing.
#[tauri::command(rename_all = "snake_case")]
fn startup_probe(screen: String, detail: Option<String>) {
    if std::env::var_os("ONESTOP_STARTUP_PROBE").is_none() {
        return;
    }
    let micros =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or_default();
    let clean = |s: &str, max: usize| -> String {
        s.chars().filter(|c| c.is_ascii_alphanumeric() || "=._-".contains(*c) || *c == ' ').take(max).collect()
    };
    let screen = clean(&screen.replace(' ', ""), 16);
    eprintln!("onestop-ready {micros} {screen} {}", clean(detail.as_deref().unwrap_or(""), 300));
}

/// One IPC command as `commands_list.rs` declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    /// A successful call changes the desk's records (and so, perhaps, what waits to sync).
    pub writes: bool,
}

/// `read` or `write`, as `commands_list.rs` marks a command (anything else does not compile).
macro_rules! writes {
    (read) => {
        false
    };
    (write) => {
        true
    };
}

/// Expands `commands_list.rs` into the handler and `COMMANDS`, so the names are listed once.
macro_rules! commands {
    ($($kind:ident $name:ident),* $(,)?) => {
        /// Every command the front end may call, in the order of `commands_list.rs`.
        pub const COMMANDS: &[Command] = &[$(Command { name: stringify!($name), writes: writes!($kind) }),*];

        /// The IPC handler registering every command of `commands_list.rs`.
        pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}
include!("commands_list.rs");
