//! A plan file together with the plan files its adjustment appendices name
//! (`ban_goc`), as loaded: what `check` reads. Each file is here once,
//! however many appendices name it and however they spell it, so checking
//! costs one pass per file whatever the shape of the references.
//!
//! Finding and reading the files is the pipeline's job
//! (`pipeline::originals`); this is only what it found.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::load::{Loaded, SourceFile, parse};

/// The plan file and its originals.
#[derive(Debug)]
pub struct PlanFiles {
    /// The plan first, then every original it leads to, each once.
    pub files: Vec<Loaded>,
    /// Where each `ban_goc` of each file leads: by the index of the file in
    /// `files` and the `ban_goc` as written. A `ban_goc` with no link was
    /// not looked up (a plan checked alone).
    pub links: BTreeMap<(usize, String), Link>,
}

/// What a `ban_goc` leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A file of [`PlanFiles::files`] (perhaps one that leads back here).
    File(usize),
    /// A file that was not read, and why.
    Refused(Refusal),
}

/// Why the file a `ban_goc` names was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a plain relative path inside the plan's folder.
    Outside,
    /// Not a `.toml` file.
    NotToml,
    /// No file at this path.
    NotFound(PathBuf),
    /// A symbolic link (or a link on the way) that leads out of the
    /// plan's folder, to this file.
    LinkOutside(PathBuf),
    /// Something there that is not a regular file (a folder, a device).
    NotAFile(PathBuf),
    /// An original deeper than `LIMITS.original_depth` below the plan.
    TooDeep,
    /// More files than `LIMITS.plan_files` in all.
    TooMany,
}

impl PlanFiles {
    /// A plan checked alone: its originals are not looked up.
    pub fn single(plan: Loaded) -> Self {
        PlanFiles {
            files: vec![plan],
            links: BTreeMap::new(),
        }
    }

    /// Plan text from elsewhere than a file (a test, a fuzzer, an editor),
    /// checked alone; `path` is what its diagnostics call it.
    pub fn from_text(path: &Path, text: &str) -> Self {
        let (plan, diagnostics) = parse(text);
        PlanFiles::single(Loaded {
            source: SourceFile {
                path: path.to_path_buf(),
                text: text.to_owned(),
            },
            plan,
            diagnostics,
        })
    }
}

/// The first line of a bundle ([`PlanFiles::bundle`]).
const BUNDLE_HEADER: &str =
    "# kehoach: bản kế hoạch cùng các bản gốc của nó, đúng như lúc dựng văn bản\n";

/// A plan with its originals, as one TOML text (`PlanFiles::bundle`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle {
    /// The bundle's format; a plan has no such key, so no plan is ever
    /// read as a bundle.
    kehoach_ban_luu: u32,
    tep: Vec<BundleFile>,
    #[serde(default)]
    lien_ket: Vec<BundleLink>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleFile {
    duong_dan: String,
    noi_dung: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleLink {
    tu: usize,
    ban_goc: String,
    den: usize,
}

impl PlanFiles {
    /// The plan and its originals (`sources`, the plan first) with where
    /// each `ban_goc` led, as one text: a version of a plan that can be
    /// checked again later exactly as now, whatever became of the files
    /// ([`from_bundle`](Self::from_bundle)). Only links to files are kept
    /// (a plan with a refused link has errors, and makes no documents).
    pub fn bundle(sources: &[&SourceFile], links: &BTreeMap<(usize, String), Link>) -> String {
        let bundle = Bundle {
            kehoach_ban_luu: 1,
            tep: sources
                .iter()
                .map(|s| BundleFile {
                    duong_dan: s.path.display().to_string(),
                    noi_dung: s.text.clone(),
                })
                .collect(),
            lien_ket: links
                .iter()
                .filter_map(|((from, name), link)| match link {
                    Link::File(to) => Some(BundleLink {
                        tu: *from,
                        ban_goc: name.clone(),
                        den: *to,
                    }),
                    Link::Refused(_) => None,
                })
                .collect(),
        };
        let body = toml::to_string(&bundle).unwrap_or_default();
        format!("{BUNDLE_HEADER}{body}")
    }

    /// The files of a [`bundle`](Self::bundle), parsed as `load` parses a
    /// file; `None` for any other text (a plan's).
    pub fn from_bundle(text: &str) -> Option<PlanFiles> {
        let body = text.strip_prefix(BUNDLE_HEADER)?;
        let bundle: Bundle = toml::from_str(body).ok()?;
        let count = bundle.tep.len();
        if count == 0
            || bundle
                .lien_ket
                .iter()
                .any(|l| l.tu >= count || l.den >= count)
        {
            return None;
        }
        let files = bundle
            .tep
            .into_iter()
            .map(|f| {
                let (plan, diagnostics) = parse(&f.noi_dung);
                Loaded {
                    source: SourceFile {
                        path: PathBuf::from(f.duong_dan),
                        text: f.noi_dung,
                    },
                    plan,
                    diagnostics,
                }
            })
            .collect();
        let links = bundle
            .lien_ket
            .into_iter()
            .map(|l| ((l.tu, l.ban_goc), Link::File(l.den)))
            .collect();
        Some(PlanFiles { files, links })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_gives_back_its_files_and_links() {
        let plan = SourceFile {
            path: PathBuf::from("plans/moi.toml"),
            text: "ban_goc = \"goc.toml\"\n'''\n\"\"\"\n\\u0000\n".to_owned(),
        };
        let original = SourceFile {
            path: PathBuf::from("plans/goc.toml"),
            text: "nam = 2026\n".to_owned(),
        };
        let mut links = BTreeMap::new();
        links.insert((0, "goc.toml".to_owned()), Link::File(1));
        links.insert((0, "x.toml".to_owned()), Link::Refused(Refusal::Outside));
        let text = PlanFiles::bundle(&[&plan, &original], &links);
        let files = PlanFiles::from_bundle(&text).unwrap();
        assert_eq!(files.files.len(), 2);
        assert_eq!(files.files[0].source.text, plan.text);
        assert_eq!(files.files[1].source.path, original.path);
        assert_eq!(files.links.len(), 1);
        assert_eq!(files.links[&(0, "goc.toml".to_owned())], Link::File(1));
        assert_eq!(PlanFiles::bundle(&[&plan, &original], &links), text);
        // A plan is never taken for a bundle, even one starting alike.
        assert!(PlanFiles::from_bundle(&original.text).is_none());
        let lookalike = format!("{BUNDLE_HEADER}[van_ban]\nnam = 2026\n");
        assert!(PlanFiles::from_bundle(&lookalike).is_none());
    }
}
