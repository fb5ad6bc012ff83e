//! Every bound a plan and a run are held to, in one record. The loader,
//! `check` and the importer enforce them, their messages print them from
//! here, and the
//! format reference (`kehoach schema --markdown`, docs/dinh-dang.md) lists
//! them all, so a bound is changed in exactly one place.
//!
//! The bounds keep every accepted plan cheap and safe to render: the
//! writers recurse over nested lists and tasks, typesetting a table costs
//! per row, and a file read never exceeds its size.

use std::ops::RangeInclusive;

/// The bounds; [`LIMITS`] is the one value of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a plan file (and of a plan read from stdin or git).
    pub plan_bytes: u64,
    /// Bytes of one font file of `--font-dir`.
    pub font_bytes: u64,
    /// Structure problems (syntax, types, keys) reported in one run.
    pub structure_errors: usize,
    /// Diagnostics printed for one file (the rest are counted).
    pub shown_diagnostics: usize,
    /// Rows of one table (group rows included), and units of a plan.
    pub table_rows: usize,
    /// Levels of a Markdown list.
    pub list_depth: usize,
    /// Levels of `[[nhiem_vu.con]]` below a task (4 → 4.1.1.1.1).
    pub task_depth: usize,
    /// Years a date, `nam` or a milestone may have.
    pub years: RangeInclusive<i64>,
    /// Milestone years of one milestone table (a landscape page's worth).
    pub milestone_years: usize,
    /// Blank rows under each unit of the staff form (`dong_trong`).
    pub blank_rows: u16,
    /// An amount must stay below this many triệu đồng (a million tỷ).
    pub money_millions: i64,
    /// Decimals of an amount in triệu đồng: six is one đồng.
    pub money_decimals: u32,
    /// Originals an adjustment may stand on, one below the other (an
    /// adjustment of an adjustment …).
    pub original_depth: usize,
    /// Plan files one check may read: the plan and all its originals.
    pub plan_files: usize,
    /// Warnings about characters the embedded fonts lack, per plan.
    pub glyph_warnings: usize,
    /// "Có phải ý bạn là …" for a unit id is looked for only in plans of at
    /// most this many units …
    pub suggestion_units: usize,
    /// … and only while there are at most this many problems, so that a
    /// check takes time linear in the plan.
    pub suggestion_problems: usize,
    /// Bytes of a file `kehoach nhap` reads (a Word document of a plan is a
    /// few megabytes; a larger file is no plan).
    pub import_bytes: u64,
    /// Bytes of an imported text file.
    pub import_text_bytes: u64,
    /// Parts of an imported .docx package (a Word document has a few
    /// dozen; thousands mean something else, a zip bomb).
    pub import_parts: usize,
    /// Bytes of its `word/document.xml`, cut while it is decompressed.
    pub import_document_bytes: u64,
    /// Bytes of each other part read (styles, numbering, relationships).
    pub import_part_bytes: u64,
    /// XML nodes of the document part (memory stays within a few hundred MB).
    pub import_xml_nodes: u32,
}

/// The bounds of kehoach.
pub const LIMITS: Limits = Limits {
    plan_bytes: 4 * 1024 * 1024,
    font_bytes: 64 * 1024 * 1024,
    structure_errors: 50,
    shown_diagnostics: 100,
    table_rows: 5_000,
    list_depth: 5,
    task_depth: 4,
    years: 1900..=2100,
    milestone_years: 8,
    blank_rows: 20,
    money_millions: 1_000_000_000,
    money_decimals: 6,
    original_depth: 4,
    plan_files: 16,
    glyph_warnings: 20,
    suggestion_units: 500,
    suggestion_problems: 200,
    import_bytes: 50 * 1024 * 1024,
    import_text_bytes: 16 * 1024 * 1024,
    import_parts: 5_000,
    import_document_bytes: 48 * 1024 * 1024,
    import_part_bytes: 8 * 1024 * 1024,
    import_xml_nodes: 4_000_000,
};
