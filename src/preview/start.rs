//! The start page's folder: the plan files in it (and in its `plans/`,
//! where `kehoach new` puts them), and where a new plan goes. A request
//! names a plan only as one of the names listed here.

use std::path::{Path, PathBuf};

/// How many plan files are listed (a folder of thousands is not a clerk's).
const MAX_LISTED: usize = 500;

/// The folder `kehoach xem` was started in.
pub struct Folder {
    pub root: PathBuf,
}

impl Folder {
    /// The plan files, as names relative to the folder (`x.toml`,
    /// `plans/y.toml`), sorted.
    pub fn plans(&self) -> Vec<String> {
        let mut names = Vec::new();
        for (dir, prefix) in [(self.root.clone(), ""), (self.root.join("plans"), "plans/")] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_plan = !name.starts_with('.')
                    && name.to_ascii_lowercase().ends_with(".toml")
                    && entry.file_type().is_ok_and(|t| t.is_file());
                if is_plan && names.len() < MAX_LISTED {
                    names.push(format!("{prefix}{name}"));
                }
            }
        }
        names.sort();
        names
    }

    /// The file of a listed name; `None` for any other name.
    pub fn resolve(&self, name: &str) -> Option<PathBuf> {
        self.plans()
            .iter()
            .any(|listed| listed == name)
            .then(|| self.root.join(name))
    }

    /// How the page names a file of this folder.
    pub fn name_of(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_plan_files_can_be_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("plans/sau")).unwrap();
        for name in [
            "a.toml",
            "B.TOML",
            ".an.toml",
            "c.txt",
            "plans/d.toml",
            "plans/sau/e.toml",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("thu-muc.toml")).unwrap();
        let folder = Folder {
            root: dir.path().to_path_buf(),
        };
        assert_eq!(folder.plans(), ["B.TOML", "a.toml", "plans/d.toml"]);
        assert_eq!(
            folder.resolve("plans/d.toml"),
            Some(dir.path().join("plans/d.toml"))
        );
        for name in [
            "../a.toml",
            "/etc/passwd",
            "plans/sau/e.toml",
            "c.txt",
            "thu-muc.toml",
            ".an.toml",
            "plans/../a.toml",
        ] {
            assert_eq!(folder.resolve(name), None, "{name}");
        }
    }
}
