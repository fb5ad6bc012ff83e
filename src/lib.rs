//! kehoach: a commune's plan (Kế hoạch) from one TOML file to Nghị định 30
//! documents.
//!
//! Stages, each a function of the one before:
//! `plan::load` (TOML → model) → `check` (diagnostics, and the checked
//! plan) → `compose` (checked plan + templates → `doc` tree) → `write`
//! (tree → PDF, tree → DOCX). Imports point down only: a stage uses earlier
//! stages and the shared vocabulary below them all (`doc`, `templates`,
//! `diagnostic`, `text`), never a later stage.

pub mod check;
pub mod compose;
pub mod diagnostic;
pub mod diff;
pub mod doc;
pub mod edit;
#[cfg(feature = "engine")]
pub mod engine;
#[cfg(feature = "import")]
pub mod import;
pub mod input;
#[cfg(test)]
mod layers;
pub mod limits;
pub mod output;
pub mod pipeline;
pub mod plan;
#[cfg(feature = "render")]
pub mod preview;
pub mod starter;
pub mod templates;
pub mod text;
pub mod write;
