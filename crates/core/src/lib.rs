//! Onestop's core: the program catalogue, merchant profiles, the eligibility engine,
//! consultation records and the SQLite store. No GUI dependency: the CLI and the desktop app
//! are thin layers over these functions.

pub mod backup;
pub mod bizinfo;
pub mod brn;
pub mod catalogue;
pub mod consultation;
pub mod eligibility;
mod error;
pub mod feed;
pub mod generate;
pub mod history;
pub mod ksic;
pub mod pdf;
pub mod privacy;
pub mod profile;
pub mod program;
pub mod prospects;
pub mod region;
pub mod report;
pub mod search;
pub mod stage;
pub mod store;
pub mod sync;
pub mod text;
pub mod vault;
pub mod views;

pub use eligibility::{Match, Verdict};
pub use error::{Error, Result};
pub use profile::Profile;
pub use program::Program;
pub use store::Store;
pub use text::{L10n, Lang};
