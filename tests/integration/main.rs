//! The integration tests, in one test binary so that typst and the library
//! are linked once rather than once per file.

mod common;
mod preview_support;

mod adjustment;
mod adversarial;
mod appendices;
mod appendix_first_page;
mod appendix_pdfs;
mod bad_plans;
mod cli;
mod column_overflow;
mod column_widths;
mod diff;
mod docx_validator;
mod format_reference;
mod furniture_geometry;
mod landscape_warning;
mod layout_rules;
mod money_words;
mod plan_format;
mod preview_browser;
mod preview_server;
mod properties;
mod readme_example;
mod render_docx;
mod render_pdf;
mod robustness;
mod schema_taplo;
mod signature_fields;
mod stale_siblings;
mod templates_new;
mod tree_snapshots;
