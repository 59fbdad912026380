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
use std::sync::Mutex;

use onestop_core::Store;
use serde::Serialize;
use tauri::{Manager, Runtime};

/// The one error type every command returns: `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CmdError {
    pub code: String,
    pub message: String,
}

impl From<onestop_core::Error> for CmdError {
    fn from(e: onestop_core::Error) -> Self {
        CmdError { code: e.code().to_string(), message: e.to_string() }
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

/// The app's state: the desk's database, opened once at start.
pub struct Desk {
    store: Mutex<Result<Store, CmdError>>,
    pub data_file: PathBuf,
}

impl Desk {
    /// Open the database at `path`. A failure is kept and reported by every command, so the
    /// window can show it instead of the app dying.
    pub fn open(path: PathBuf) -> Desk {
        Desk { store: Mutex::new(Store::open(&path).map_err(CmdError::from)), data_file: path }
    }

    /// A folder beside the data file (`backups`, `reports`).
    pub fn folder(&self, name: &str) -> PathBuf {
        self.data_file.parent().map(|d| d.join(name)).unwrap_or_else(|| name.into())
    }

    /// Where backups go: `backups/` beside the data file.
    pub fn backups_dir(&self) -> PathBuf {
        self.folder("backups")
    }

    /// Run `f` with the store.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> onestop_core::Result<T>) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| CmdError { code: "internal".into(), message: "the database lock was poisoned".into() })?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(CmdError::from),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Where the desk's data lives: `$ONESTOP_DB`, else the per-user app data folder shared with
/// the `onestop` CLI. Debug builds use a separate folder so they never touch real data.
pub fn data_file<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("ONESTOP_DB") {
        return Ok(PathBuf::from(p));
    }
    let dir = app.path().app_data_dir().map_err(|e| e.to_string())?;
    let dir = if cfg!(debug_assertions) {
        let name = format!("{}.dev", dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        dir.with_file_name(name)
    } else {
        dir
    };
    Ok(dir.join("onestop.sqlite3"))
}

/// Registers the commands on a builder (the real runtime, or the mock one in tests).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(commands::handler())
}

/// Back up on a schedule while the app runs: at start when the last backup is a day old, then
/// checked every ten minutes. A failure is printed and tried again at the next check; it never
/// stops the desk.
fn start_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        let desk = app.state::<Desk>();
        let dir = desk.backups_dir();
        let now = chrono::Local::now().naive_local();
        match desk.with(|s| s.backup_if_due(&dir, onestop_core::backup::Schedule::default(), now)) {
            Ok(Some(b)) => eprintln!("backup: {}", b.path),
            Ok(None) => {}
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
    //! these fail until the lists here are updated on purpose.
    include!("commands_list.rs");

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
        let expected: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        assert_eq!(granted, expected, "permissions beyond the app's own commands (plugins, core:*) are not granted");
    }

    #[test]
    fn the_command_list_matches_the_commands_defined_and_registered() {
        let src = include_str!("commands.rs");
        let defined: Vec<&str> = src
            .split("#[tauri::command")
            .skip(1)
            .filter_map(|rest| rest.split("fn ").nth(1)?.split('(').next())
            .collect();
        assert_eq!(defined, COMMANDS, "commands.rs and commands_list.rs differ");
        let handler = src.split("generate_handler![").nth(1).unwrap().split(']').next().unwrap();
        let registered: Vec<&str> = handler.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        assert_eq!(registered, COMMANDS, "the handler registers a different list");
    }
}
