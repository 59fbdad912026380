//! `onestop report …`: printable documents (PDF) and report figures (CSV).

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use onestop_core::profile::parse_date;
use onestop_core::{Lang, Result};

use crate::common::open;

#[derive(Subcommand)]
pub enum Cmd {
    /// A merchant-facing consultation summary: for each program discussed, the verdict and why,
    /// what it gives, how to apply, the dates and duties after applying, whom it leaves out
    Summary {
        #[arg(long)]
        consultation: String,
        #[arg(long)]
        out: PathBuf,
        /// Include the counselor's internal notes (left out by default: the copy is the merchant's)
        #[arg(long)]
        internal_notes: bool,
        /// Leave the internal notes out (the default; kept for older scripts)
        #[arg(long, hide = true, conflicts_with = "internal_notes")]
        no_internal_notes: bool,
        /// Type a third larger, for merchants who read small print with difficulty
        #[arg(long)]
        large_print: bool,
        /// Count D-days from this date [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// The slip a merchant takes to a partner for a referral: the partner, the business's facts
    /// (the owner's name and phone only under consent), the programs and the note
    ReferralSlip {
        #[arg(long)]
        consultation: String,
        /// The referral's number in the consultation (0-based)
        #[arg(long, default_value_t = 0)]
        referral: usize,
        #[arg(long)]
        out: PathBuf,
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
            Cmd::Summary { consultation, out, internal_notes, no_internal_notes: _, large_print, on } => {
                let on = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or(today);
                let store = open(db)?;
                let opt = report::SummaryOptions { lang, include_internal_notes: internal_notes, on, large_print };
                let pdf = report::consultation_summary_pdf(&store, &consultation, &opt)?;
                write_atomically(&out, &pdf)?;
                outln!("{}", out.display());
            }
            Cmd::ReferralSlip { consultation, referral, out } => {
                let store = open(db)?;
                let pdf = report::referral_slip_pdf(&store, &consultation, referral, lang)?;
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
