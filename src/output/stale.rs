//! Files left from an earlier render, with the plan version each was made
//! from. A partial render (`--parts`, `--format`) rewrites only some files;
//! those it leaves were made from the version the manifest names, and a
//! copy of that version is kept beside them (`.kehoach/nguon-<hash>.toml`),
//! so the render can say what each still prints (`pipeline::batch`).
//! Nothing is touched here.

use std::path::{Path, PathBuf};

use super::snapshot_path;
use crate::limits::LIMITS;

/// What an output folder holds of older plan versions.
#[derive(Debug, Default)]
pub struct Left {
    /// Each file left, with the index in `versions` of the version that
    /// made it.
    pub files: Vec<(String, usize)>,
    /// Each version once: its kept copy, if it can still be read.
    pub versions: Vec<Option<KeptVersion>>,
}

/// The kept copy of a plan version.
#[derive(Debug)]
pub struct KeptVersion {
    pub path: PathBuf,
    pub text: String,
}

/// The files `stale` lists (name, hash of the version that made them),
/// with their versions as kept in output folder `dir`.
pub fn left_from(dir: &Path, stale: &[(String, String)]) -> Left {
    let mut left = Left::default();
    let mut hashes: Vec<&str> = Vec::new();
    for (name, hash) in stale {
        let index = match hashes.iter().position(|h| h == hash) {
            Some(index) => index,
            None => {
                hashes.push(hash);
                left.versions.push(kept(dir, hash));
                hashes.len() - 1
            }
        };
        left.files.push((name.clone(), index));
    }
    left
}

/// The kept copy of version `hash`, if it can still be read.
fn kept(dir: &Path, hash: &str) -> Option<KeptVersion> {
    let path = snapshot_path(dir, hash);
    let bytes = crate::input::read_bounded(&path, LIMITS.plan_bytes).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(KeptVersion { path, text })
}
