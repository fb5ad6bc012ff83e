//! Noticing a save: the plan file's (its originals', and the templates
//! folder's) modified times and sizes, polled. Polling a few files every
//! few tens of milliseconds costs nothing measurable, needs no dependency,
//! and works the same for editors that write in place and those that write
//! a copy and rename it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How many files of a templates folder are watched (a wrong `--templates`
/// pointing at a home folder must not make every poll walk it all).
const MAX_WATCHED_FILES: usize = 2000;

/// What the watched files looked like at one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<(PathBuf, Option<FileStamp>)>);

/// One file's modified time, size and inode.
type FileStamp = (SystemTime, u64, u64);

/// The plan file, the originals it adjusts, and every file under the
/// templates folder if there is one.
pub struct Watched {
    plan: PathBuf,
    originals: Vec<PathBuf>,
    templates: Option<PathBuf>,
}

impl Watched {
    pub fn new(plan: &Path, templates: Option<&Path>) -> Self {
        Watched {
            plan: plan.to_path_buf(),
            originals: Vec::new(),
            templates: templates.map(Path::to_path_buf),
        }
    }

    /// Follows `originals` (the `ban_goc` files the last render read) from
    /// now on; whether they are others than before.
    pub fn set_originals(&mut self, originals: &[PathBuf]) -> bool {
        let changed = self.originals != originals;
        self.originals = originals.to_vec();
        changed
    }

    /// The files' state now. A missing file is a state too (an editor may
    /// delete before it renames).
    pub fn stamp(&self) -> Stamp {
        let mut files = vec![(self.plan.clone(), file_stamp(&self.plan))];
        files.extend(self.originals.iter().map(|p| (p.clone(), file_stamp(p))));
        if let Some(dir) = &self.templates {
            let mut found = Vec::new();
            walk(dir, &mut found);
            found.sort();
            files.extend(found.into_iter().map(|path| {
                let stamp = file_stamp(&path);
                (path, stamp)
            }));
        }
        Stamp(files)
    }
}

/// Modified time, size, and (where there is one) the inode: a file
/// replaced by a rename is another file even within one clock tick.
fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.modified().ok()?, meta.len(), inode))
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if found.len() >= MAX_WATCHED_FILES {
            return;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, found),
            Ok(kind) if kind.is_file() => found.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_changes_the_stamp_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("k.toml");
        std::fs::write(&plan, "a = 1\n").unwrap();
        let templates = dir.path().join("mau");
        std::fs::create_dir_all(templates.join("chi-tieu")).unwrap();
        let mut watched = Watched::new(&plan, Some(&templates));
        let before = watched.stamp();
        assert_eq!(before, watched.stamp());

        std::fs::write(&plan, "a = 12\n").unwrap();
        let after_plan = watched.stamp();
        assert_ne!(before, after_plan);

        std::fs::write(templates.join("chi-tieu/x.j2"), "x").unwrap();
        let after_template = watched.stamp();
        assert_ne!(after_plan, after_template);

        let original = dir.path().join("goc.toml");
        std::fs::write(&original, "b = 1\n").unwrap();
        assert!(watched.set_originals(std::slice::from_ref(&original)));
        assert!(!watched.set_originals(std::slice::from_ref(&original)));
        let with_original = watched.stamp();
        std::fs::write(&original, "b = 12\n").unwrap();
        assert_ne!(with_original, watched.stamp());

        std::fs::remove_file(&plan).unwrap();
        assert_eq!(watched.stamp().0[0].1, None);
    }
}
