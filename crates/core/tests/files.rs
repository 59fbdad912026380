//! What a desk writes is its user's alone: the database and its journal, the key file, backups
//! (with their key copies), and saved PDFs and exports are 0600, the folders made for them 0700.
#![cfg(unix)]
#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use onestop_core::Store;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_data_file_backups_and_saved_files_are_private() {
    let root = std::env::temp_dir().join(format!("onestop-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = root.join("data");
    let db = data.join("onestop.sqlite3");
    let store = Store::open(&db).unwrap();
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&db), 0o600, "the database");
    for side in ["-wal", "-shm"] {
        let p = Path::new(&format!("{}{side}", db.display())).to_path_buf();
        if p.exists() {
            assert_eq!(mode(&p) & 0o077, 0, "{side} is not readable by others");
        }
    }
    let backups = data.join("backups");
    let b = store.backup_into(&backups, 3).unwrap();
    assert_eq!(mode(&backups), 0o700);
    assert_eq!(mode(Path::new(&b.path)), 0o600);
    let pdf = data.join("reports").join("x.pdf");
    onestop_core::files::private_dir(pdf.parent().unwrap()).unwrap();
    onestop_core::pdf::write_atomically(&pdf, b"%PDF-").unwrap();
    assert_eq!(mode(pdf.parent().unwrap()), 0o700);
    assert_eq!(mode(&pdf), 0o600);
    // An encrypted desk: its key file, and the copy a backup keeps beside it.
    let secure = root.join("secure").join("desk.sqlite3");
    let staff = onestop_core::vault::NewStaff {
        login: "kim".into(),
        name: "김관리".into(),
        role: onestop_core::vault::Role::Manager,
        secret: "482913".into(),
    };
    let guard = onestop_core::device::GuardChoice::Passphrase("파일 권한 시험의 데스크 암호".into());
    let desk = onestop_core::privacy::set_up(&secure, &staff, &guard).unwrap().store;
    let keys = onestop_core::vault::key_file_for(&secure);
    assert_eq!(mode(&keys), 0o600, "the key file");
    assert_eq!(mode(&secure), 0o600);
    let b = desk.backup_into(&root.join("secure").join("backups"), 3).unwrap();
    assert_eq!(mode(&onestop_core::vault::key_file_for(Path::new(&b.path))), 0o600, "the key file's copy");
    drop(desk);
    // A folder that was there already is left as it was (it may be shared).
    assert_eq!(mode(&root), 0o755);
    drop(store);
    std::fs::remove_dir_all(&root).unwrap();
}
