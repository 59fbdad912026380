//! `onestop audit`: who viewed, changed, exported or printed which record.

use std::path::PathBuf;

use clap::Args;
use onestop_core::privacy::AuditFilter;
use onestop_core::profile::parse_date;
use onestop_core::Result;

use crate::common::{open, print_json};

#[derive(Args)]
pub struct Cmd {
    /// Only lines about this record id
    #[arg(long)]
    record: Option<String>,
    /// Only this staff login
    #[arg(long = "by")]
    by: Option<String>,
    /// From this date, YYYY-MM-DD
    #[arg(long)]
    since: Option<String>,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long)]
    json: bool,
    /// Check the log's hash chain instead of listing it: prints OK with the number of lines, or
    /// the first broken line (exit code 1)
    #[arg(long, conflicts_with_all = ["record", "by", "since"])]
    verify: bool,
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let Cmd { record, by, since, limit, json, verify } = self;
        if verify {
            return verify_chain(db, json);
        }
        let since = since.map(|d| parse_date("--since", &d)).transpose()?;
        let log = open(db)?.audit_log(&AuditFilter { record_id: record, staff: by, since, limit: Some(limit) })?;
        if json {
            print_json(&log);
        } else {
            for a in log {
                let detail = if a.detail.is_empty() { String::new() } else { format!("  {}", a.detail) };
                outln!("{}  {:<10} {:<8} {} {}{detail}", a.at, a.staff, a.action, a.record_kind, a.record_id);
            }
        }
        Ok(())
    }
}

/// `onestop audit --verify`: OK with the count, or the first broken line and an error.
fn verify_chain(db: &Option<PathBuf>, json: bool) -> Result<()> {
    let check = open(db)?.verify_audit_log()?;
    if json {
        print_json(&check);
    }
    match check.broken {
        None => {
            if !json {
                outln!("OK: {} audit line(s), chain intact", check.lines);
            }
            Ok(())
        }
        Some(b) => {
            if !json {
                outln!("BROKEN at line {}: {} ({} line(s) before it check out)", b.id, b.problem, check.lines);
            }
            Err(onestop_core::Error::corrupt("audit log", format!("line {}: {}", b.id, b.problem)))
        }
    }
}
