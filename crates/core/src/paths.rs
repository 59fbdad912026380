//! Where a desk's data lives: one rule for the app and the command line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The app's identifier (tauri.conf.json): the per-user data folder's name.
pub const APP_ID: &str = "kr.onestop.desk";

/// The database file's name in the data folder.
pub const DB_FILE: &str = "onestop.sqlite3";

/// The desk's database file: `env_db` (`$ONESTOP_DB`) when set, else `onestop.sqlite3` in the
/// per-user data folder (`data_dir`, the system's, e.g. `~/.local/share`) under the app's
/// identifier. A development build (`development`, the caller's `cfg!(debug_assertions)`) uses
/// `kr.onestop.desk.dev` instead, so development never touches real data.
pub fn data_file(env_db: Option<OsString>, data_dir: Option<&Path>, development: bool) -> Result<PathBuf> {
    if let Some(p) = env_db.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = data_dir.ok_or_else(|| {
        Error::invalid("data folder", "", "this system has no per-user data folder; set ONESTOP_DB or pass --db PATH")
    })?;
    let folder = if development { format!("{APP_ID}.dev") } else { APP_ID.to_string() };
    Ok(dir.join(folder).join(DB_FILE))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn development_builds_keep_their_data_apart_and_the_variable_wins() {
        let home = Path::new("/home/kim/.local/share");
        assert_eq!(
            data_file(None, Some(home), false).unwrap(),
            Path::new("/home/kim/.local/share/kr.onestop.desk/onestop.sqlite3")
        );
        assert_eq!(
            data_file(None, Some(home), true).unwrap(),
            Path::new("/home/kim/.local/share/kr.onestop.desk.dev/onestop.sqlite3")
        );
        assert_eq!(data_file(Some("/tmp/x.sqlite3".into()), Some(home), true).unwrap(), Path::new("/tmp/x.sqlite3"));
        assert_eq!(data_file(Some("".into()), Some(home), false).unwrap().parent().unwrap(), home.join(APP_ID));
        let e = data_file(None, None, false).unwrap_err().to_string();
        assert!(e.contains("ONESTOP_DB"), "{e}");
    }

    #[test]
    fn the_identifier_is_the_apps() {
        let conf =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json")).unwrap();
        let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
        assert_eq!(conf["identifier"], APP_ID);
    }
}
