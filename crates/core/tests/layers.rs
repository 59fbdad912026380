//! The workspace's layering, checked: what each crate may link and what the domain may do.
//! See ARCHITECTURE.md (each crate's "Architecture invariant").
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The crates `package` links in a normal build (`cargo tree -e normal`), by name.
fn normal_deps(package: &str, features: &[&str]) -> Vec<String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace()).args([
        "tree",
        "--offline",
        "--locked",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
        "-p",
        package,
    ]);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    assert!(names.contains(&package.to_string()), "{names:?}");
    names
}

fn assert_links_none(package: &str, features: &[&str], forbidden: &[&str]) {
    let deps = normal_deps(package, features);
    let found: Vec<&&str> = forbidden.iter().filter(|f| deps.iter().any(|d| d == *f)).collect();
    assert!(found.is_empty(), "{package} links {found:?}");
}

#[test]
fn the_domain_links_no_io_crate() {
    assert_links_none("onestop-domain", &[], &["rusqlite", "libsqlite3-sys", "reqwest", "krilla", "skrifa", "tauri"]);
    assert_links_none("onestop-domain", &["ts"], &["rusqlite", "reqwest", "krilla", "tauri"]);
}

#[test]
fn the_store_knows_no_http_pdf_or_app() {
    assert_links_none("onestop-store", &[], &["reqwest", "krilla", "skrifa", "tauri", "onestop-core"]);
}

#[test]
fn the_hub_links_the_protocol_not_the_desk() {
    assert_links_none(
        "onestop-hub",
        &[],
        &["onestop-core", "onestop-store", "libsqlite3-sys", "rusqlite", "krilla", "skrifa"],
    );
    assert!(normal_deps("onestop-hub", &[]).contains(&"onestop-protocol".to_string()));
    assert_links_none("onestop-protocol", &[], &["onestop-core", "libsqlite3-sys", "reqwest", "tokio"]);
}

#[test]
fn benchmark_data_is_not_in_the_production_builds() {
    assert_links_none("onestop-core", &[], &["fastrand", "onestop-devdata"]);
    // (The app links fastrand through its own dependencies; what matters is the generator.)
    assert_links_none("onestop-cli", &[], &["onestop-devdata"]);
    assert_links_none("onestop-desk", &[], &["onestop-devdata"]);
    // Only the `dev` feature brings it in.
    assert!(normal_deps("onestop-cli", &["dev"]).contains(&"onestop-devdata".to_string()));
}

/// The source of `dir`'s files without their `#[cfg(test)]` modules (tests may read files).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            out.push((path, code));
        }
    }
    out
}

#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    let forbidden =
        ["std::fs", "std::net", "std::env", "std::process", "Local::now", "Utc::now", "SystemTime", "Instant::now"];
    for crate_dir in ["crates/domain/src", "crates/protocol/src", "crates/store/src"] {
        for (path, code) in sources(&workspace().join(crate_dir)) {
            for f in forbidden {
                assert!(
                    !code.contains(f),
                    "{} uses {f}: the domain takes dates as arguments and does no I/O",
                    path.display()
                );
            }
        }
    }
}
