//! `onestop report …`: printable documents (PDF) and report figures (CSV).

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use onestop_core::profile::parse_date;
use onestop_core::{Lang, Result};

use crate::common::open;

#[derive(Subcommand)]
pub enum Cmd {
    /// A merchant-facing consultation summary (one A4 page where it fits)
    Summary {
        #[arg(long)]
        consultation: String,
        #[arg(long)]
        out: PathBuf,
        /// Leave the counselor's internal notes out
        #[arg(long)]
        no_internal_notes: bool,
        /// Count D-days from this date [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// A manager's report for a period: PDF with charts, optionally the figures as CSV
    Period {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Follow-ups due before this date count as overdue [default: today]
        #[arg(long)]
        as_of: Option<String>,
    },
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        use onestop_core::pdf::write_atomically;
        use onestop_core::report;
        let today = Local::now().date_naive();
        match self {
            Cmd::Summary { consultation, out, no_internal_notes, on } => {
                let on = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or(today);
                let store = open(db)?;
                let opt = report::SummaryOptions { lang, include_internal_notes: !no_internal_notes, on };
                let pdf = report::consultation_summary_pdf(&store, &consultation, &opt)?;
                write_atomically(&out, &pdf)?;
                outln!("{}", out.display());
            }
            Cmd::Period { from, to, out, csv, as_of } => {
                let from = parse_date("--from", &from)?;
                let to = parse_date("--to", &to)?;
                let as_of = as_of.map(|d| parse_date("--as-of", &d)).transpose()?.unwrap_or(today);
                let store = open(db)?;
                let figures = report::period_figures(&store, from, to, as_of)?;
                let pdf = report::period_report_pdf(&store, &figures, lang)?;
                let csv_bytes = csv.as_ref().map(|_| report::period_csv(&figures)).transpose()?;
                write_atomically(&out, &pdf)?;
                outln!("{}", out.display());
                if let (Some(path), Some(bytes)) = (csv, csv_bytes) {
                    write_atomically(&path, &bytes)?;
                    outln!("{}", path.display());
                }
            }
        }
        Ok(())
    }
}
