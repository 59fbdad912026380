//! Onestop's core: what a user can do at the desk — sign in, merchants, consultations, the
//! catalogue and its imports, matching, reports, backups and sync — as functions both faces (the
//! desktop app and the command line) call. The rules themselves are `onestop-domain`'s; this
//! crate re-exports its modules under their old paths.

pub use onestop_domain::{
    application, brn, catalogue, consultation, eligibility, history, import, ksic, merchant, partner, profile, program,
    region, stage, text, visit,
};

pub mod applications;
pub mod backup;
pub mod bizinfo;
#[cfg(feature = "bulk")]
pub mod bulk;
pub mod calls;
mod clock;
mod consent;
mod convert;
pub mod device;
mod error;
pub mod feed;
pub mod files;
pub mod kstartup;
/// The journal is the store's: the one writer of the audit log, the outbox and the search index.
pub(crate) use onestop_store::journal;
pub mod matching;
pub mod partners;
pub mod paths;
pub mod pdf;
pub mod privacy;
/// "Who should we call about this program?" (in [`matching`]).
pub mod prospects {
    pub use crate::matching::{Prospect, ProspectList};
}
pub mod report;
pub mod search;
mod sheet;
pub mod store;
pub mod sync;
pub mod vault;
pub mod views;
pub mod visits;

pub use eligibility::{Match, Verdict};
pub use error::{Error, Result};
/// The domain's error (what its parsers and checks return); converts into [`Error`].
pub use onestop_domain::Error as DomainError;
pub use profile::Profile;
pub use program::Program;
pub use store::Store;
pub use text::{L10n, Lang};
