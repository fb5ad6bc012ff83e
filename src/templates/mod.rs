//! Plan kinds as data: each folder of `templates/` is a kind, holding its
//! prose as minijinja templates. The folder is embedded in the binary;
//! `--templates DIR` lays a user's folder over it, file by file.
//!
//! Layout of a kind `templates/<loai>/`:
//! - `loai.toml`: `ten` (name) and `mo_ta` (one-line description);
//! - `mo-dau.md.j2`, `ket-luan.md.j2`: the standard opening and closing
//!   sentences, used when the plan does not write its own;
//! - `khoi/<ten>.md.j2`: derived blocks a section can insert with `chen`;
//! - `mau.toml.j2`: the starter plan `kehoach new` writes (see `starter`).
//!
//! `templates/chung/` holds files every kind falls back to (and files a
//! starter may include, such as the province's standard indicators).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

mod engine;

pub use engine::{Engine, Output, TemplateError};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The folder every kind falls back to.
pub const SHARED: &str = "chung";

/// The template set: the embedded folder, optionally overlaid.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overlay: Option<PathBuf>,
}

/// A kind's name and description, for `kehoach templates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindInfo {
    pub id: String,
    pub description: String,
}

impl Templates {
    /// Only the embedded templates.
    pub fn embedded() -> Self {
        Templates { overlay: None }
    }

    /// The embedded templates with `dir` laid over them.
    pub fn with_overlay(dir: &Path) -> Self {
        Templates {
            overlay: Some(dir.to_path_buf()),
        }
    }

    /// A file of the set, by path relative to `templates/`: the overlay's
    /// copy if it has one, else the embedded one. Returns its display name
    /// (for error messages) and text.
    pub fn file(&self, relative: &str) -> Option<(String, String)> {
        if !is_safe_relative(relative) {
            return None;
        }
        if let Some(dir) = &self.overlay {
            let path = dir.join(relative);
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Some((path.display().to_string(), text));
            }
        }
        let file = EMBEDDED.get_file(relative)?;
        Some((
            format!("templates/{relative}"),
            file.contents_utf8()?.to_owned(),
        ))
    }

    /// A kind's template `name`, falling back to the shared folder.
    pub fn for_kind(&self, kind: &str, name: &str) -> Option<(String, String)> {
        self.file(&format!("{kind}/{name}"))
            .or_else(|| self.file(&format!("{SHARED}/{name}")))
    }

    /// The ids of all kinds, sorted.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = EMBEDDED
            .dirs()
            .filter_map(|d| d.path().file_name()?.to_str().map(str::to_owned))
            .collect();
        if let Some(dir) = &self.overlay
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for entry in entries.flatten() {
                if entry.path().join("loai.toml").is_file()
                    && let Some(name) = entry.file_name().to_str()
                {
                    kinds.push(name.to_owned());
                }
            }
        }
        kinds.retain(|k| k != SHARED && self.file(&format!("{k}/loai.toml")).is_some());
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Whether `kind` is a known kind.
    pub fn has_kind(&self, kind: &str) -> bool {
        kind != SHARED && self.file(&format!("{kind}/loai.toml")).is_some()
    }

    /// Kinds with their descriptions.
    pub fn describe(&self) -> Vec<KindInfo> {
        self.kinds()
            .into_iter()
            .map(|id| {
                let description = self
                    .file(&format!("{id}/loai.toml"))
                    .and_then(|(_, text)| text.parse::<toml::Table>().ok())
                    .and_then(|t| t.get("mo_ta")?.as_str().map(str::to_owned))
                    .unwrap_or_default();
                KindInfo { id, description }
            })
            .collect()
    }

    /// The kinds and derived blocks, for the enums of the plan's JSON Schema.
    pub fn vocabulary(&self) -> crate::plan::reference::Vocabulary {
        let kinds: Vec<(String, String)> = self
            .describe()
            .into_iter()
            .map(|k| (k.id, k.description))
            .collect();
        let mut blocks: Vec<String> = kinds.iter().flat_map(|(k, _)| self.blocks(k)).collect();
        blocks.sort();
        blocks.dedup();
        crate::plan::reference::Vocabulary { kinds, blocks }
    }

    /// Whether the kind (or the shared folder) has the derived block `name`.
    pub fn has_block(&self, kind: &str, name: &str) -> bool {
        self.for_kind(kind, &block_path(name)).is_some()
    }

    /// Names of the derived blocks a kind can insert.
    pub fn blocks(&self, kind: &str) -> Vec<String> {
        let mut names = Vec::new();
        for folder in [kind, SHARED] {
            if let Some(dir) = EMBEDDED.get_dir(format!("{folder}/khoi")) {
                for file in dir.files() {
                    if let Some(name) = file.path().file_name().and_then(|n| n.to_str())
                        && let Some(stem) = name.strip_suffix(".md.j2")
                    {
                        names.push(stem.to_owned());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

/// A template set overlaid with `files` (path, text) in a fresh folder, for
/// tests; the folder lives as long as the returned guard.
#[cfg(test)]
pub fn test_overlay(files: &[(&str, &str)]) -> (tempfile::TempDir, Templates) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a relative path")).expect("folder made");
        std::fs::write(path, text).expect("file written");
    }
    let templates = Templates::with_overlay(dir.path());
    (dir, templates)
}

/// Template names come from plans and templates (`chen`, `include`), so
/// they must stay inside the template folder: no "..", no absolute paths.
fn is_safe_relative(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != ".."
                && part != "."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// Where a derived block lives inside a kind folder.
pub fn block_path(name: &str) -> String {
    format!("khoi/{name}.md.j2")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_kinds_are_listed_without_the_shared_folder() {
        let t = Templates::embedded();
        let kinds = t.kinds();
        assert!(kinds.contains(&"chi-tieu".to_owned()), "{kinds:?}");
        assert!(!kinds.contains(&SHARED.to_owned()));
    }

    #[test]
    fn names_cannot_leave_the_template_folder() {
        let t = Templates::with_overlay(Path::new("/tmp"));
        assert!(t.file("../etc/passwd").is_none());
        assert!(t.file("/etc/passwd").is_none());
        assert!(t.file("chi-tieu/../../x").is_none());
    }

    #[test]
    fn overlay_overrides_a_single_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("chi-tieu")).unwrap();
        std::fs::write(dir.path().join("chi-tieu/ket-luan.md.j2"), "Khác").unwrap();
        let t = Templates::with_overlay(dir.path());
        assert_eq!(t.for_kind("chi-tieu", "ket-luan.md.j2").unwrap().1, "Khác");
        assert!(t.for_kind("chi-tieu", "mo-dau.md.j2").is_some());
    }
}
