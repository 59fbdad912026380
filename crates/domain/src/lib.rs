//! Onestop's domain: the program catalogue's types and checks, merchant profiles, business
//! stages, the eligibility engine, consultations and the pure part of each feed format.
//!
//! Architecture invariant: no I/O. Nothing here opens a file, a database or a socket, or reads
//! the clock: dates come in as arguments. `cargo tree -p onestop-domain -e normal` lists no
//! rusqlite, reqwest, krilla or tauri (checked by `crates/core/tests/layers.rs`).

pub mod application;
pub mod audit;
pub mod bizinfo;
pub mod brn;
pub mod catalogue;
pub mod consultation;
pub mod eligibility;
mod error;
pub mod extract;
pub mod history;
pub mod import;
pub mod ksic;
pub mod kstartup;
pub mod merchant;
pub mod partner;
pub mod profile;
pub mod program;
pub mod reference;
pub mod region;
pub mod report;
pub mod search;
pub mod stage;
pub mod text;
pub mod visit;

pub use eligibility::{Match, Verdict};
pub use error::{Error, Result};
pub use profile::Profile;
pub use program::Program;
pub use text::{L10n, Lang};
