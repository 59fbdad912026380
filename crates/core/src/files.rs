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
