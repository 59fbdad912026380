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

pub fn run() {
    with_commands(tauri::Builder::default())
        .setup(|app| {
            let path = data_file(app)?;
            app.manage(Desk::open(path));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the Onestop desk");
}
