//! The workspace's layering, checked: what each crate may link and what the domain may do.
//! See ARCHITECTURE.md (each crate's "Architecture invariant").
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/source.rs"]
mod source;

use source::{rust_files, without_tests, workspace};

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
    // (fastrand comes in through the keystore client; what matters is the generator.)
    assert_links_none("onestop-core", &[], &["onestop-devdata"]);
    assert_links_none("onestop-cli", &[], &["onestop-devdata"]);
    assert_links_none("onestop-desk", &[], &["onestop-devdata"]);
    // Only the `dev` feature brings it in.
    assert!(normal_deps("onestop-cli", &["dev"]).contains(&"onestop-devdata".to_string()));
}

/// The source of `dir`'s files without their `#[cfg(test)]` items (tests may read files).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    files.into_iter().map(|p| (p.clone(), without_tests(&std::fs::read_to_string(&p).unwrap()))).collect()
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

/// The core's modules each module refers to (`crate::x`, `use crate::{x, …}`; the crate root's
/// re-exports `Store`, `Error` and `Result` count as `store` and `error`; the domain's and the
/// store's modules, re-exported under the core's paths, are not the core's).
fn core_module_refs() -> BTreeMap<String, BTreeSet<String>> {
    let dir = workspace().join("crates/core/src");
    let modules: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let name = p.file_stem()?.to_string_lossy().into_owned();
            (p.is_dir() || p.extension().is_some_and(|x| x == "rs")).then_some(name)
        })
        .filter(|m| m != "lib")
        .collect();
    let mut refs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in sources(&dir) {
        let rel = path.strip_prefix(&dir).unwrap();
        let module = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                names.extend(
                    inner.split(',').map(|item| item.trim().split("::").next().unwrap_or_default().to_string()),
                );
            } else {
                names.push(
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default().to_string(),
                );
            }
        }
        for name in names {
            let target = match name.as_str() {
                "Store" => "store".to_string(),
                "Error" | "Result" | "DomainError" => "error".to_string(),
                n => n.to_string(),
            };
            if target != module && modules.contains(&target) {
                refs.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    refs
}

/// A path from `from` to `to` through `refs`, if there is one.
fn path_between(refs: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![from.to_string()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap().clone();
        if last == to && path.len() > 1 {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in refs.get(&last).into_iter().flatten() {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push(p);
        }
    }
    None
}

#[test]
fn no_module_of_the_core_imports_one_that_imports_it() {
    let refs = core_module_refs();
    assert!(refs.get("privacy").is_some_and(|r| r.contains("store")), "the scan reads references: {refs:?}");
    for (module, targets) in &refs {
        for t in targets {
            if let Some(back) = path_between(&refs, t, module) {
                panic!("{module} refers to {t}, and {} leads back", back.join(" → "));
            }
        }
    }
}
