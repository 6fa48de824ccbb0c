//! gongkai's domain core: the annual-report model, its value keys and the audit rules.
//! Pure: no IO, no async.

pub mod audit;
pub mod calendar;
pub mod case;
pub mod compile;
pub mod files;
pub mod finding;
pub mod identity;
pub mod keys;
pub mod narrative;
pub mod publish;
pub mod redact;
pub mod report;
pub mod supervise;
pub mod text;

pub use finding::{Finding, Origin, Rule, Severity};
pub use narrative::Narrative;
pub use report::{Evidence, Figure, Format, Report};

/// Errors of the core.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error("invalid report JSON: {0}")]
    Json(String),
    #[error("unsupported schema {0:?}, expected \"gongkai-report/1\"")]
    Schema(String),
}
