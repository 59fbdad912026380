//! What every command shares: the database path, signing in, reading input, printing JSON.

use std::path::{Path, PathBuf};

use onestop_core::privacy;
use onestop_core::{Error, Result, Store};

/// `$ONESTOP_DB`, else the per-user data file shared with the app (`onestop_core::paths`; a
/// debug build uses the app's development folder).
fn default_db() -> Result<PathBuf> {
    let data_dir = dirs::data_dir();
    onestop_core::paths::data_file(std::env::var_os("ONESTOP_DB"), data_dir.as_deref(), cfg!(debug_assertions))
}

/// The database file: `--db`, else the default.
pub fn db_path(cli_db: &Option<PathBuf>) -> Result<PathBuf> {
    match cli_db {
        Some(p) => Ok(p.clone()),
        None => default_db(),
    }
}

/// The `--staff` login, set once in `main`.
pub static STAFF: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// A secret from an environment variable, else typed at a terminal without echo.
pub fn secret(var: &str, prompt: &str, confirm: bool) -> Result<String> {
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
pub fn open(cli_db: &Option<PathBuf>) -> Result<Store> {
    let db = db_path(cli_db)?;
    if !is_set_up(&db)? {
        return Err(Error::Denied(format!(
            "no desk is set up at {}: the first manager sets one up with `onestop staff init --login LOGIN --name NAME`",
            db.display()
        )));
    }
    let login = STAFF.get().cloned().flatten().ok_or_else(|| {
        Error::invalid(
            "--staff",
            "",
            "sign in: pass --staff LOGIN or set ONESTOP_STAFF (`onestop staff list` shows who can)",
        )
    })?;
    let pin = secret("ONESTOP_PASSWORD", &format!("{login} PIN: "), false)?;
    let passphrase = desk_passphrase(&db)?;
    let device = privacy::device_secret(&db, passphrase.as_deref())?;
    privacy::sign_in_with(&db, &login, &pin, device)
}

/// Whether a desk is set up at `db`: its key file names at least one member.
pub fn is_set_up(db: &Path) -> Result<bool> {
    Ok(!privacy::staff_of(db)?.is_empty())
}

/// The desk passphrase, when the desk keeps its device secret under one: from
/// `$ONESTOP_DESK_PASSPHRASE`, else typed.
pub fn desk_passphrase(db: &Path) -> Result<Option<String>> {
    if privacy::guard_of(db)? != Some("passphrase") {
        return Ok(None);
    }
    secret(onestop_core::device::PASSPHRASE_VAR, "desk passphrase: ", false).map(Some)
}

/// How to keep a new device secret: `$ONESTOP_DESK_PASSPHRASE` when set, else the OS keystore.
pub fn guard_choice() -> onestop_core::device::GuardChoice {
    onestop_core::device::GuardChoice::from_env()
}

pub fn read_input(flag: &str, path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::invalid(flag, "-", format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| Error::invalid(flag, path.display(), format!("cannot read: {e}")))
}

pub fn print_json(v: &impl serde::Serialize) {
    outln!("{}", serde_json::to_string_pretty(v).expect("plain data serializes"));
}
