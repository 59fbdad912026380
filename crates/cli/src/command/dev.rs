//! `onestop dev …`: tools for development and benchmarks, only in a build with the `dev` feature
//! (`cargo build -p onestop-cli --features dev`); the production binary has no such command.

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use onestop_core::consultation::{ConsultationInput, FollowUp};
use onestop_core::profile::parse_date;
use onestop_core::Result;
use onestop_devdata::{self as generate, GenerateOptions};

use crate::common::{open, print_json};

#[derive(Subcommand)]
pub enum Cmd {
    /// Save consultations for a merchant one after another, printing each id once its save has
    /// returned (the crash-safety test kills this process at random points)
    SaveLoop {
        #[arg(long)]
        merchant: String,
        #[arg(long, default_value_t = 1000)]
        count: u32,
    },
    /// Fill the signed-in desk's database with deterministic benchmark data: programs (gen-…),
    /// merchants and consultations from a seed. Not sent on sync, not in the audit log; use a
    /// new desk (a database that already holds generated data is refused)
    Generate {
        #[arg(long, default_value_t = 100)]
        programs: u32,
        #[arg(long, default_value_t = 1000)]
        merchants: u32,
        #[arg(long, default_value_t = 10000)]
        consultations: u32,
        /// The same seed and counts give the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last day of the generated period (consultations fall in the two years before it),
        /// YYYY-MM-DD [default: 2025-06-30]
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        match self {
            Cmd::SaveLoop { merchant, count } => {
                let mut store = open(db)?;
                let merchant_id = store.view_merchant(&merchant)?.id;
                for i in 0..count {
                    let c = store.add_consultation(ConsultationInput {
                        merchant_id: merchant_id.clone(),
                        counselor: "crash-test".into(),
                        channel: Some(onestop_core::consultation::Channel::Counter),
                        notes: format!("save {i}: 임대차 상담 기록"),
                        program_ids: vec!["gwangjin-onestop-legal-advice".into()],
                        follow_ups: vec![FollowUp {
                            due_on: Local::now().date_naive(),
                            action: format!("확인 {i}"),
                            done: false,
                        }],
                        ..Default::default()
                    })?;
                    outln!("{}", c.id);
                }
            }
            Cmd::Generate { programs, merchants, consultations, seed, until, json } => {
                let mut opts = GenerateOptions::new(programs, merchants, consultations, seed);
                if let Some(u) = until {
                    opts.until = parse_date("--until", &u)?;
                }
                let mut store = open(db)?;
                let started = std::time::Instant::now();
                let mut shown = 0;
                let summary = generate::generate(&mut store, &opts, &mut |p| {
                    // A line every 10% of all records.
                    let tenths = (p.overall_done * 10).checked_div(p.overall_total).unwrap_or(10);
                    if tenths > shown {
                        shown = tenths;
                        let phase = serde_json::to_value(p.phase).unwrap_or_default();
                        eprintln!(
                            "{:>3}%  {} {}/{}  {:.1} s",
                            tenths * 10,
                            phase.as_str().unwrap_or_default(),
                            p.done,
                            p.total,
                            started.elapsed().as_secs_f64()
                        );
                    }
                })?;
                if json {
                    print_json(&summary);
                } else {
                    outln!("programs\t{}", summary.programs);
                    outln!("merchants\t{}", summary.merchants);
                    outln!("consultations\t{} ({} versions)", summary.consultations, summary.consultation_versions);
                    outln!("programs discussed\t{}", summary.programs_discussed);
                    outln!("referrals\t{}", summary.referrals);
                    outln!("follow-ups\t{}", summary.follow_ups);
                    outln!("period\t{} ~ {}", summary.from, summary.until);
                }
                eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
            }
        }
        Ok(())
    }
}
