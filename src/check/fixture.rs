//! One builder of small plans for the unit tests of `check` and `compose`:
//! a minimal valid plan, to which a test adds the TOML it is about.

use super::checked::Originals;
use super::plan::check_plan;
use super::{CheckedPlan, Diagnostic, Severity, check};
use crate::plan::{Plan, PlanFiles, parse};
use crate::templates::Templates;

/// A plan under construction, as TOML text.
#[derive(Debug, Clone)]
pub struct Fixture {
    top: Vec<String>,
    header: Vec<String>,
    signer: Vec<String>,
    tables: Vec<String>,
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

impl Fixture {
    /// A minimal valid "chi-tieu" plan of the year 2026, signed by the
    /// chairman, with nothing in it.
    pub fn new() -> Self {
        Fixture {
            top: Vec::new(),
            header: [
                "loai = \"chi-tieu\"",
                "xa = \"Quảng Ngọc\"",
                "ky_hieu = \"KH-UBND\"",
                "nam = 2026",
                "trich_yeu = \"Thực hiện các chỉ tiêu năm 2026\"",
            ]
            .map(str::to_owned)
            .to_vec(),
            signer: ["chuc_vu = \"CHỦ TỊCH\"", "ho_ten = \"Lê Văn A\""]
                .map(str::to_owned)
                .to_vec(),
            tables: Vec::new(),
        }
    }

    /// A key of the file's top level (`mo_dau = "…"`).
    pub fn top(mut self, line: &str) -> Self {
        self.top.push(line.to_owned());
        self
    }

    /// A key of `[van_ban]`, replacing one of the same name.
    pub fn header(mut self, line: &str) -> Self {
        replace_key(&mut self.header, line);
        self
    }

    /// A key of `[nguoi_ky]`, replacing one of the same name.
    pub fn signer(mut self, line: &str) -> Self {
        replace_key(&mut self.signer, line);
        self
    }

    /// Any tables, as written (`[[don_vi]]` …).
    pub fn table(mut self, toml: &str) -> Self {
        self.tables.push(toml.trim().to_owned());
        self
    }

    /// A unit `id` named `name`.
    pub fn unit(self, id: &str, name: &str) -> Self {
        self.table(&format!("[[don_vi]]\nid = \"{id}\"\nten = \"{name}\""))
    }

    /// An indicator led by `lead` with target `target` (TOML inline table).
    pub fn indicator(self, id: &str, lead: &str, target: &str) -> Self {
        self.table(&format!(
            "[[chi_tieu]]\nid = \"{id}\"\nten = \"Chỉ tiêu {id}\"\nchu_tri = \"{lead}\"\nchi_tieu_giao = {target}"
        ))
    }

    /// An appendix of `kind` with more keys (`extra`, TOML lines).
    pub fn appendix(self, id: &str, kind: &str, extra: &str) -> Self {
        self.table(&format!(
            "[[phu_luc]]\nid = \"{id}\"\nloai = \"{kind}\"\nten = \"Phụ lục {id}\"\n{extra}"
        ))
    }

    /// The TOML text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.top {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("[van_ban]\n");
        out.push_str(&self.header.join("\n"));
        out.push_str("\n\n[nguoi_ky]\n");
        out.push_str(&self.signer.join("\n"));
        out.push('\n');
        for table in &self.tables {
            out.push('\n');
            out.push_str(table);
            out.push('\n');
        }
        out
    }

    /// The loaded plan; panics if the text does not load.
    pub fn plan(&self) -> Plan {
        let text = self.text();
        let (plan, diagnostics) = parse(&text);
        assert!(diagnostics.is_empty(), "{text}\n{diagnostics:?}");
        plan.expect("the fixture loads")
    }

    /// Every diagnostic of `check` on the plan.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        check_plan(&self.plan(), &Templates::embedded(), &Originals::new()).1
    }

    /// The errors only, as "key: message".
    pub fn errors(&self) -> Vec<String> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.key.unwrap_or_default(), d.message))
            .collect()
    }

    /// The checked plan; panics with the diagnostics if there is an error.
    pub fn checked(&self) -> CheckedPlan {
        let files = PlanFiles::from_text(std::path::Path::new("fixture.toml"), &self.text());
        let report = check(&files, &Templates::embedded());
        let diagnostics = report.diagnostics().to_vec();
        report
            .plan
            .unwrap_or_else(|| panic!("{}\n{diagnostics:?}", self.text()))
    }
}

fn replace_key(lines: &mut Vec<String>, line: &str) {
    let key = line.split('=').next().unwrap_or("").trim();
    lines.retain(|l| l.split('=').next().unwrap_or("").trim() != key);
    lines.push(line.to_owned());
}
