//! Files left from an earlier render, with the plan version each was made
//! from. A partial render (`--parts`, `--format`) rewrites only some files;
//! those it leaves were made from the version the manifest names, and a
//! copy of that version is kept beside them (`.kehoach/nguon-<hash>.toml`),
//! so the render can say what each still prints (`pipeline::batch`).
//!
//! A kept copy is believed only when its bytes still have the hash its
//! name says: one edited by hand would make the warning claim values the
//! documents do not hold. Nothing is touched here, and nothing is read
//! through a link.

use std::path::{Path, PathBuf};

use super::{Left, SNAPSHOTS, content_hash, refuse_link, snapshot_path};
use crate::limits::LIMITS;

/// What an output folder holds of older plan versions.
#[derive(Debug, Default)]
pub struct Leftovers {
    /// Each file left, with the index in `versions` of the version that
    /// made it; none for a file changed since kehoach wrote it.
    pub files: Vec<(String, Option<usize>)>,
    /// Each version once: its kept copy, or why it cannot be used.
    pub versions: Vec<Result<KeptVersion, NotKept>>,
}

/// The kept copy of a plan version.
#[derive(Debug)]
pub struct KeptVersion {
    pub path: PathBuf,
    pub text: String,
}

/// Why a version's kept copy cannot be compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotKept {
    /// No copy (removed, unreadable, or from a kehoach that kept none).
    Missing,
    /// The copy's bytes are not the version's: edited since.
    Edited(PathBuf),
}

/// The files `stale` lists, with their versions as kept in output folder
/// `dir`.
pub fn left_from(dir: &Path, stale: &[(String, Left)]) -> Leftovers {
    let mut left = Leftovers::default();
    let mut hashes: Vec<&str> = Vec::new();
    for (name, made) in stale {
        let index = match made {
            Left::Altered => None,
            Left::Version(hash) => Some(match hashes.iter().position(|h| h == hash) {
                Some(index) => index,
                None => {
                    hashes.push(hash);
                    left.versions.push(kept(dir, hash));
                    hashes.len() - 1
                }
            }),
        };
        left.files.push((name.clone(), index));
    }
    left
}

/// The kept copy of version `hash`, if it is there as kehoach wrote it.
fn kept(dir: &Path, hash: &str) -> Result<KeptVersion, NotKept> {
    let path = snapshot_path(dir, hash);
    refuse_link(&dir.join(SNAPSHOTS)).map_err(|_| NotKept::Missing)?;
    refuse_link(&path).map_err(|_| NotKept::Missing)?;
    let bytes =
        crate::input::read_bounded(&path, LIMITS.plan_bytes * 2).map_err(|_| NotKept::Missing)?;
    if content_hash(&bytes) != hash {
        return Err(NotKept::Edited(path));
    }
    let text = String::from_utf8(bytes).map_err(|_| NotKept::Edited(path.clone()))?;
    Ok(KeptVersion { path, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::plan_hash;

    #[test]
    fn a_kept_copy_edited_by_hand_is_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let text = "nam = 2026\n";
        let hash = plan_hash(text);
        std::fs::create_dir(dir.path().join(SNAPSHOTS)).unwrap();
        let path = snapshot_path(dir.path(), &hash);
        std::fs::write(&path, text).unwrap();
        let stale = [
            ("ke-hoach.pdf".to_owned(), Left::Version(hash.clone())),
            ("phu-luc-1.pdf".to_owned(), Left::Altered),
        ];
        let left = left_from(dir.path(), &stale);
        assert_eq!(
            left.files,
            [
                ("ke-hoach.pdf".to_owned(), Some(0)),
                ("phu-luc-1.pdf".to_owned(), None)
            ]
        );
        assert_eq!(left.versions[0].as_ref().unwrap().text, text);
        std::fs::write(&path, "nam = 2027\n").unwrap();
        let left = left_from(dir.path(), &stale);
        assert_eq!(
            left.versions[0].as_ref().unwrap_err(),
            &NotKept::Edited(path)
        );
    }
}
