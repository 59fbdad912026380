//! The Onestop desktop app: a thin Tauri layer over onestop-core. Every command is a one-line
//! adapter; all logic lives in the core.

pub mod bindings;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod command_tests;
pub mod commands;
#[cfg(test)]
#[path = "../crates/core/tests/support/feed_server.rs"]
mod feed_server;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use onestop_core::Store;
use serde::Serialize;
use tauri::{Manager, Runtime};

/// The one error type every command returns: `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CmdError {
    pub code: String,
    pub message: String,
    /// The message in Korean; the Korean screens show this one.
    pub message_ko: String,
}

impl CmdError {
    pub fn new(code: &str, ko: impl Into<String>, en: impl Into<String>) -> CmdError {
        CmdError { code: code.into(), message: en.into(), message_ko: ko.into() }
    }
}

impl From<onestop_core::Error> for CmdError {
    fn from(e: onestop_core::Error) -> Self {
        CmdError { code: e.code().to_string(), message: e.to_string(), message_ko: e.message_ko() }
    }
}

impl From<onestop_core::DomainError> for CmdError {
    fn from(e: onestop_core::DomainError) -> Self {
        onestop_core::Error::from(e).into()
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

/// The signed-in session: the open (decrypted) database and when it was last used.
struct Session {
    store: Option<Store>,
    last_used: Instant,
}

/// The app's state. The database is opened only by signing in, and closed (its key wiped) on
/// signing out or after `idle_limit` without a command from the window.
pub struct Desk {
    session: Mutex<Session>,
    /// The desk's device secret once a sign-in opened it, so the passphrase is asked once per
    /// run of the app.
    device: Mutex<Option<onestop_core::device::DeviceSecret>>,
    /// Commands talking to the hub right now (they hold the session while they do).
    hub_calls: AtomicUsize,
    pub data_file: PathBuf,
    pub idle_limit: Duration,
}

/// Failed sign-ins allowed before the desk makes the next one wait.
fn locked() -> CmdError {
    CmdError::new("locked", "로그아웃됨: 계속하려면 로그인하십시오", "signed out: sign in to continue")
}

fn busy() -> CmdError {
    CmdError::new(
        "busy",
        "허브와 동기화하는 중입니다: 끝난 뒤에 다시 시도하십시오 (아무것도 바뀌지 않음)",
        "a sync with the hub is running: try again when it ends (nothing was changed)",
    )
}

/// Counts one hub call for as long as it lives (also when the call panics).
struct HubCall<'a>(&'a AtomicUsize);

impl Drop for HubCall<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Desk {
    /// A desk over the database at `path`, nobody signed in. The idle lock is
    /// `ONESTOP_IDLE_LOCK_SECS` seconds, else ten minutes.
    pub fn open(path: PathBuf) -> Desk {
        let secs = std::env::var("ONESTOP_IDLE_LOCK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
        Desk {
            session: Mutex::new(Session { store: None, last_used: Instant::now() }),
            device: Mutex::new(None),
            hub_calls: AtomicUsize::new(0),
            data_file: path,
            idle_limit: Duration::from_secs(secs),
        }
    }

    /// The session, signed out first if it has been idle past the limit.
    fn session(&self) -> CmdResult<MutexGuard<'_, Session>> {
        self.session_or_busy(true)
    }

    /// The session; without `wait`, fails with code `busy` when another command holds it.
    fn session_or_busy(&self, wait: bool) -> CmdResult<MutexGuard<'_, Session>> {
        let poisoned =
            || CmdError::new("internal", "세션 잠금이 손상됨: 앱을 다시 시작하십시오", "the session lock was poisoned");
        let mut s = match self.session.try_lock() {
            Ok(s) => s,
            Err(TryLockError::WouldBlock) if !wait => return Err(busy()),
            Err(TryLockError::WouldBlock) => self.session.lock().map_err(|_| poisoned())?,
            Err(TryLockError::Poisoned(_)) => return Err(poisoned()),
        };
        if s.store.is_some() && s.last_used.elapsed() > self.idle_limit {
            s.store = None;
        }
        Ok(s)
    }

    /// A folder beside the data file (`backups`, `reports`, `exports`).
    pub fn folder(&self, name: &str) -> PathBuf {
        self.data_file.parent().map(|d| d.join(name)).unwrap_or_else(|| name.into())
    }

    /// Where backups go: `backups/` beside the data file.
    pub fn backups_dir(&self) -> PathBuf {
        self.folder("backups")
    }

    /// Run `f` with the signed-in store; counts as activity. Signed out, or idle past the
    /// limit (which signs out), it fails with code `locked`.
    ///
    /// While a command talks to the hub (which holds the store for as long as the network
    /// takes), the others fail at once with code `busy` rather than wait: most run on the
    /// thread that paints the window, which would freeze meanwhile.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> onestop_core::Result<T>) -> CmdResult<T> {
        let wait = self.hub_calls.load(Ordering::SeqCst) == 0;
        Self::run(self.session_or_busy(wait)?, f)
    }

    /// Like `with`, for a command that talks to the hub: it waits its turn, and the others
    /// answer `busy` until it ends. Run it off the window's thread.
    pub fn with_hub<T>(&self, f: impl FnOnce(&mut Store) -> onestop_core::Result<T>) -> CmdResult<T> {
        self.hub_calls.fetch_add(1, Ordering::SeqCst);
        let _counted = HubCall(&self.hub_calls);
        Self::run(self.session()?, f)
    }

    fn run<T>(mut s: MutexGuard<'_, Session>, f: impl FnOnce(&mut Store) -> onestop_core::Result<T>) -> CmdResult<T> {
        s.last_used = Instant::now();
        let store = s.store.as_mut().ok_or_else(locked)?;
        // A member disabled (or a key changed) since they signed in is signed out here.
        if let Err(e) = store.check_signed_in() {
            s.store = None;
            return Err(CmdError::new("locked", format!("로그아웃됨: {}", e.message_ko()), format!("signed out: {e}")));
        }
        f(store).map_err(CmdError::from)
    }

    /// Run `f` if someone is signed in, without counting as activity (background work).
    pub fn with_quiet<T>(&self, f: impl FnOnce(&mut Store) -> onestop_core::Result<T>) -> CmdResult<Option<T>> {
        let mut s = self.session()?;
        if s.store.as_mut().is_some_and(|st| st.check_signed_in().is_err()) {
            s.store = None;
        }
        match s.store.as_mut() {
            Some(store) => f(store).map(Some).map_err(CmdError::from),
            None => Ok(None),
        }
    }

    /// Sign in (or, with `first`, set the desk up) and keep the store open. Repeated failures
    /// make the next try wait (counted by the core in the key file, for every process).
    pub fn sign_in(
        &self,
        open: impl FnOnce(&std::path::Path) -> onestop_core::Result<Store>,
    ) -> CmdResult<onestop_core::vault::StaffMember> {
        // Wrong PINs are counted by the core, in the key file, across processes.
        let mut s = self.session()?;
        let store = open(&self.data_file)?;
        let who = store.actor().cloned().ok_or_else(locked)?;
        if let (Some(d), Ok(mut kept)) = (store.device_secret(), self.device.lock()) {
            *kept = Some(d);
        }
        *s = Session { store: Some(store), last_used: Instant::now() };
        Ok(who)
    }

    /// The device secret kept from an earlier sign-in in this run.
    pub fn device(&self) -> Option<onestop_core::device::DeviceSecret> {
        self.device.lock().ok().and_then(|d| d.clone())
    }

    pub fn has_device(&self) -> bool {
        self.device.lock().is_ok_and(|d| d.is_some())
    }

    pub fn sign_out(&self) -> CmdResult<()> {
        self.session()?.store = None;
        Ok(())
    }

    /// Who is signed in (none once the idle limit has passed).
    pub fn signed_in(&self) -> CmdResult<Option<onestop_core::vault::StaffMember>> {
        let s = self.session()?;
        Ok(s.store.as_ref().and_then(|st| st.actor().cloned()))
    }
}

/// Where the desk's data lives (`onestop_core::paths::data_file`, the rule the CLI shares):
/// `$ONESTOP_DB`, else the per-user data folder; debug builds use a separate folder.
pub fn data_file<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, String> {
    let data_dir = app.path().data_dir().ok();
    onestop_core::paths::data_file(std::env::var_os("ONESTOP_DB"), data_dir.as_deref(), cfg!(debug_assertions))
        .map_err(|e| e.to_string())
}

/// Registers the commands on a builder (the real runtime, or the mock one in tests).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(commands::handler())
}

/// Back up on a schedule while the app runs: when the last backup is a day old, checked every
/// ten minutes while someone is signed in. A failure is printed and tried again at the next check; it never
/// stops the desk.
fn start_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        let desk = app.state::<Desk>();
        let dir = desk.backups_dir();
        let now = chrono::Local::now().naive_local();
        // Only while someone is signed in (the database is closed otherwise).
        match desk.with_quiet(|s| s.backup_if_due(&dir, onestop_core::backup::Schedule::default(), now)) {
            Ok(Some(Some(b))) => eprintln!("backup: {}", b.path),
            Ok(_) => {}
            Err(e) => eprintln!("backup failed: {}", e.message),
        }
        std::thread::sleep(std::time::Duration::from_secs(600));
    });
}

pub fn run() {
    with_commands(tauri::Builder::default())
        .setup(|app| {
            let path = data_file(app)?;
            app.manage(Desk::open(path));
            start_backups(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the Onestop desk");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod security_tests {
    //! The window's reach: the CSP and the capability. Adding a command or a permission makes
    //! these fail until the capability grants it on purpose.
    use crate::commands::COMMANDS;

    fn conf() -> serde_json::Value {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn csp_allows_nothing_inline_evaluated_or_remote() {
        let csp = conf()["app"]["security"]["csp"].as_object().unwrap().clone();
        for (directive, value) in &csp {
            let v = value.as_str().unwrap();
            for bad in ["unsafe-inline", "unsafe-eval", "https:", "http:", "*"] {
                let allowed_ipc = directive == "connect-src" && v == "ipc: http://ipc.localhost";
                assert!(allowed_ipc || !v.contains(bad), "{directive} {v:?} contains {bad}");
            }
        }
        for d in ["default-src", "script-src", "style-src", "object-src", "base-uri"] {
            assert!(csp.contains_key(d), "CSP lacks {d}");
        }
    }

    #[test]
    fn the_capability_grants_exactly_the_apps_commands_and_nothing_else() {
        let caps = conf()["app"]["security"]["capabilities"].as_array().unwrap().clone();
        assert_eq!(caps.len(), 1, "one capability");
        assert_eq!(caps[0]["windows"], serde_json::json!(["main"]));
        let granted: Vec<String> =
            caps[0]["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let expected: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.name.replace('_', "-"))).collect();
        assert_eq!(granted, expected, "permissions beyond the app's own commands (plugins, core:*) are not granted");
    }

    #[test]
    fn the_command_list_matches_the_commands_defined() {
        // Every function with the `tauri::command` attribute, in order of definition; the
        // handler is the list itself (`commands!` expands commands_list.rs into it).
        let src = include_str!("commands.rs");
        let mut lines = src.lines().map(str::trim_start);
        let mut defined = Vec::new();
        while let Some(line) = lines.next() {
            if line.starts_with("#[tauri::command") {
                let sig = lines.find(|l| !l.starts_with("#[") && !l.starts_with("//")).unwrap();
                let name = sig.split("fn ").nth(1).and_then(|rest| rest.split(['(', '<']).next());
                defined.push(name.unwrap_or_else(|| panic!("no fn after #[tauri::command]: {sig}")));
            }
        }
        let listed: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(defined, listed, "commands.rs and commands_list.rs differ");
        let handlers: Vec<&str> = src.match_indices("generate_handler!").map(|(i, _)| &src[i..]).collect();
        assert!(
            handlers.len() == 1 && handlers[0].starts_with("generate_handler![$($name),*]"),
            "one handler, made from the list"
        );
    }
}
