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
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let Cmd { record, by, since, limit, json } = self;
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
