//! The plan model (one TOML file per plan) and how it is read.

mod load;
mod messages;
mod model;
pub mod reference;
pub mod schema;

pub use load::{Loaded, MAX_PLAN_BYTES, SourceFile, did_you_mean, load, normalised, parse};
pub use model::*;
