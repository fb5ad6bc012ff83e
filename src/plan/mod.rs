//! The plan model (one TOML file per plan) and how it is read.

mod files;
mod load;
mod messages;
mod model;
pub mod reference;
pub mod schema;

pub use files::{Link, PlanFiles, Refusal};
pub use load::{Loaded, SourceFile, did_you_mean, load, normalised, parse};
pub use model::*;
