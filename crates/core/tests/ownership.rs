//! Who writes which table: every SQL statement in the desk's sources that inserts, replaces,
//! updates or deletes rows is found here and checked against the table's owner, a module of
//! `onestop-store` (no other desk crate writes a table). The journal's
//! tables (the audit log, the sync outbox, the search index) are written by the journal alone;
//! a new table must be given an owner here before anything writes it.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
#[path = "support/source.rs"]
mod source;

use source::{rust_files, string_literals, without_tests, workspace};

/// Each table and the source files (or folders, ending in `/`) that may write it.
const OWNERS: &[(&str, &[&str])] = &[
    // The journal's: one write path records the audit line, the outbox row and the search entry.
    ("audit_log", &["crates/store/src/journal/"]),
    ("audit_head", &["crates/store/src/journal/"]), // the audit chain's last line and count
    ("sync_outbox", &["crates/store/src/journal/"]),
    ("search_docs", &["crates/store/src/journal/"]),
    ("search_grams", &["crates/store/src/journal/"]),
    ("search_index", &[]), // dropped by migration 0005; nothing writes it any more
    // The records' own tables, each with its module in the store (erasure and sync's pull reach
    // into several).
    ("settings", &["crates/store/src/settings.rs", "crates/store/src/journal/index.rs"]),
    ("staff", &["crates/store/src/staff.rs"]),
    ("retired_keys", &["crates/store/src/staff.rs"]),
    ("programs", &["crates/store/src/programs.rs"]),
    ("program_versions", &["crates/store/src/programs.rs"]),
    ("catalogue_rev", &[]), // kept by triggers (migration 0007)
    ("merchants", &["crates/store/src/merchants.rs"]),
    ("consents", &["crates/store/src/consents.rs", "crates/store/src/sync.rs", "crates/store/src/merchants.rs"]),
    ("consultations", &["crates/store/src/consultations.rs", "crates/store/src/merchants.rs"]),
    (
        "consultation_versions",
        &["crates/store/src/consultations.rs", "crates/store/src/sync.rs", "crates/store/src/merchants.rs"],
    ),
    ("consultation_programs", &["crates/store/src/consultations.rs", "crates/store/src/merchants.rs"]),
    ("referrals", &["crates/store/src/consultations.rs", "crates/store/src/merchants.rs"]),
    ("follow_ups", &["crates/store/src/consultations.rs", "crates/store/src/merchants.rs"]),
    ("applications", &["crates/store/src/applications.rs"]),
    ("application_versions", &["crates/store/src/applications.rs"]),
    ("duties", &["crates/store/src/applications.rs"]),
    ("partners", &["crates/store/src/partners.rs"]),
    ("visits", &["crates/store/src/visits.rs"]),
    ("visit_versions", &["crates/store/src/visits.rs"]),
    ("sync_conflicts", &["crates/store/src/journal/outbox.rs", "crates/store/src/sync.rs"]),
    ("sync_parked", &["crates/store/src/journal/outbox.rs", "crates/store/src/sync.rs"]),
    ("sync_state", &["crates/store/src/sync.rs"]),
    ("sync_set_aside", &["crates/store/src/journal/outbox.rs", "crates/store/src/sync.rs"]),
];

/// The tables the migrations create.
fn tables() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(workspace().join("crates/store/migrations")).unwrap() {
        let sql = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let words: Vec<&str> =
            sql.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        for (i, w) in words.iter().enumerate() {
            if w.eq_ignore_ascii_case("TABLE")
                && i > 0
                && ["CREATE", "VIRTUAL"].contains(&words[i - 1].to_uppercase().as_str())
            {
                let mut j = i + 1;
                if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("IF")) {
                    j += 3; // IF NOT EXISTS
                }
                out.insert(words[j].to_string());
            }
        }
    }
    out
}

/// The tables a piece of SQL writes.
fn written(sql: &str) -> Vec<String> {
    let words: Vec<&str> =
        sql.split(|c: char| !(c.is_alphanumeric() || "_{}".contains(c))).filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let next = |k: usize| words.get(i + k).copied().unwrap_or_default();
        let table = match *w {
            "INSERT" if next(1) == "INTO" => next(2),
            "INSERT" if next(1) == "OR" && next(3) == "INTO" => next(4),
            "REPLACE" if next(1) == "INTO" && (i == 0 || words[i - 1] != "OR") => next(2),
            "UPDATE" if next(1) != "SET" => next(1),
            "DELETE" if next(1) == "FROM" => next(2),
            _ => continue,
        };
        if !table.is_empty() {
            out.push(table.to_string());
        }
    }
    out
}

/// Every (table, file) write in the desk's sources (not their tests).
fn writes() -> BTreeMap<String, BTreeSet<String>> {
    let root = workspace();
    let mut files = Vec::new();
    for dir in [
        "crates/domain/src",
        "crates/store/src",
        "crates/core/src",
        "crates/cli/src",
        "crates/devdata/src",
        "src-tauri",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let code = without_tests(&src);
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        for lit in string_literals(&code) {
            for t in written(&lit) {
                out.entry(t).or_default().insert(rel.clone());
            }
        }
    }
    out
}

#[test]
fn the_checker_reads_sql_as_written() {
    let lits = string_literals("// \"DELETE FROM x\"\nlet q = \"INSERT INTO audit_log(a) VALUES (?1)\"; let c = '\"'; f(\"UPDATE t SET a = \\\"b\\\"\")");
    assert_eq!(lits, ["INSERT INTO audit_log(a) VALUES (?1)", "UPDATE t SET a = \"b\""]);
    assert_eq!(written(&lits[0]), ["audit_log"]);
    assert_eq!(written("INSERT INTO t(a) VALUES (1) ON CONFLICT(a) DO UPDATE SET a = 2"), ["t"]);
    assert_eq!(written("INSERT OR REPLACE INTO sync_parked(seq) VALUES (1)"), ["sync_parked"]);
    assert_eq!(written("DELETE FROM {table} WHERE id = ?1"), ["{table}"]);
    assert!(written("SELECT id FROM audit_log").is_empty());
    let src = "a\n#[cfg(test)]\nmod tests { fn f() { let s = \"}\"; } }\nb \"UPDATE t SET x = 1\"";
    assert_eq!(without_tests(src), "a\n\nb \"UPDATE t SET x = 1\"");
}

#[test]
fn every_table_has_an_owner_and_only_its_owners_write_it() {
    let owners: BTreeMap<&str, &[&str]> = OWNERS.iter().copied().collect();
    for t in tables() {
        assert!(owners.contains_key(t.as_str()), "table {t} has no owner: add it to OWNERS in this file");
    }
    let writes = writes();
    assert!(writes.contains_key("audit_log") && writes.contains_key("merchants"), "the scan found SQL: {writes:?}");
    for (table, files) in &writes {
        let allowed = owners.get(table.as_str()).unwrap_or_else(|| {
            panic!("{files:?} write {table:?}, which no migration creates (a table name built at run time cannot be checked: write the statement out)")
        });
        for f in files {
            assert!(f.starts_with("crates/store/src/"), "{f} writes {table}: only onestop-store writes tables");
            assert!(
                allowed.iter().any(|a| if a.ends_with('/') { f.starts_with(a) } else { f == a }),
                "{f} writes {table}, owned by {allowed:?}"
            );
        }
    }
}

/// Whether a string literal is an SQL statement (it starts with a statement's keyword).
fn is_sql(lit: &str) -> bool {
    const KEYWORDS: [&str; 11] =
        ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "PRAGMA", "CREATE", "DROP", "WITH", "ATTACH", "DETACH"];
    let first = lit.trim_start().split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or_default();
    KEYWORDS.contains(&first) && lit.trim_start().len() > first.len()
}

#[test]
fn no_desk_crate_but_the_store_holds_sql() {
    assert!(is_sql("SELECT data FROM programs") && is_sql("\n  PRAGMA integrity_check"));
    assert!(!is_sql("SELECTED") && !is_sql("updated by sync") && !is_sql("SELECT"));
    let root = workspace();
    let mut found = Vec::new();
    for dir in ["crates/domain/src", "crates/core/src", "crates/cli/src", "crates/devdata/src", "src-tauri"] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        for f in files {
            let src = std::fs::read_to_string(&f).unwrap();
            let code = without_tests(&src);
            for lit in string_literals(&code).into_iter().filter(|l| is_sql(l)) {
                found.push(format!("{}: {}", f.strip_prefix(&root).unwrap().display(), lit.trim()));
            }
        }
    }
    assert!(found.is_empty(), "SQL outside onestop-store (put it in a store module):\n{}", found.join("\n"));
    // The store does hold it (the check reads literals as written).
    let mut files = Vec::new();
    rust_files(&root.join("crates/store/src"), &mut files);
    let in_store =
        files.iter().flat_map(|f| string_literals(&std::fs::read_to_string(f).unwrap())).filter(|l| is_sql(l)).count();
    assert!(in_store > 50, "{in_store}");
}
