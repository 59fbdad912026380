//! Files and folders that hold a desk's data are its user's alone: files are created 0600 and
//! folders 0700 on Unix (on Windows the per-user profile folder already keeps them private). A
//! folder that already exists is left as it is: the data file may live in a shared place.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Create a folder (and its parents) the user alone can open; nothing happens if it exists.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    restrict(dir, 0o700)
}

/// Create (or truncate) a file only the user can read and write.
pub fn private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path)?;
    // A file that already existed keeps its mode through `open`: set it.
    restrict(path, 0o600)?;
    Ok(f)
}

/// An empty private file where none exists yet, so that what another library then writes
/// there (SQLite and its journal files) is private from the start.
pub fn private_placeholder(path: &Path) -> io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    private_file(path).map(drop)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

/// The folders beside the data file where the app saves what it prints and exports.
pub const EXPORTS: &str = "exports";
pub const REPORTS: &str = "reports";

/// The name of a merchant's saved export: the whole id, so that erasing the merchant finds it.
pub fn export_name(merchant_id: &str, stamp: &str) -> String {
    format!("merchant-{merchant_id}-{stamp}.json")
}

/// The name of a consultation's saved summary PDF (the whole id, for the same reason).
pub fn summary_name(consultation_id: &str, stamp: &str) -> String {
    format!("summary-{consultation_id}-{stamp}.pdf")
}

/// The file name of referral `index`'s slip of a consultation, saved at `stamp`.
pub fn referral_slip_name(consultation_id: &str, index: usize, stamp: &str) -> String {
    format!("referral-{consultation_id}-{index}-{stamp}.pdf")
}

/// Remove the exports of a merchant and the printed summaries of its consultations from the
/// folders beside the data file; how many were removed.
pub(crate) fn remove_erased(data_dir: &Path, merchant_id: &str, consultation_ids: &[String]) -> io::Result<u32> {
    let mut prefixes: Vec<(std::path::PathBuf, String)> =
        vec![(data_dir.join(EXPORTS), format!("merchant-{merchant_id}-"))];
    prefixes.extend(consultation_ids.iter().map(|c| (data_dir.join(REPORTS), format!("summary-{c}-"))));
    prefixes.extend(consultation_ids.iter().map(|c| (data_dir.join(REPORTS), format!("referral-{c}-"))));
    let mut removed = 0;
    for (dir, prefix) in prefixes {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                std::fs::remove_file(e.path())?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}
