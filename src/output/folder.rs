//! A plan's output folder, written as one set: under a lock (two runs into
//! one folder take turns), every target checked before the first rename,
//! each replaced file kept aside until the whole set is in place and put
//! back if a later rename fails. Leftovers of a killed run (`.kehoach-*.tmp`)
//! are removed, and so are files an earlier run wrote that the plan no
//! longer makes (phụ lục dropped) — only those the manifest lists with the
//! bytes still as kehoach wrote them, never a file kehoach did not write or
//! one changed since.
//!
//! The order makes a run killed at any point (`kill -9`, a power cut) leave
//! a folder the next run reads right: the version's copy is kept first,
//! then the manifest lists every file both as it was and as it will be,
//! then the files are renamed into place, then the manifest is written
//! again with what is there.
//!
//! Nothing here follows a symbolic link: the output folder, its
//! `.kehoach` folder, the manifest and each file are refused when they
//! are links, before anything is written.

use std::path::{Path, PathBuf};

use super::manifest::{self, Entry, Found};
use super::{
    MANIFEST, SNAPSHOTS, TEMP_PREFIX, TEMP_SUFFIX, check_target, content_hash, plan_hash,
    refuse_link, snapshot_path, write_all_atomic,
};

/// The plan version a set of files is made from: what is kept of it
/// (the plan's text, or the plan with its originals, as the pipeline
/// bundles them) and its hash.
pub struct PlanVersion<'a> {
    /// [`plan_hash`] of `kept`.
    pub hash: String,
    pub kept: &'a str,
}

impl<'a> PlanVersion<'a> {
    pub fn of(kept: &'a str) -> Self {
        PlanVersion {
            hash: plan_hash(kept),
            kept,
        }
    }
}

/// What a written output set changed besides its own files.
#[derive(Debug, Default)]
pub struct Written {
    /// Files of an earlier run removed because the plan no longer has them.
    pub removed: Vec<PathBuf>,
    /// Files of an earlier run, not rewritten now, that the plan no longer
    /// has but that were kept, since they were changed after kehoach wrote
    /// them.
    pub kept_altered: Vec<PathBuf>,
    /// Files of an earlier run, not rewritten now, that are not what this
    /// version of the plan makes.
    pub stale: Vec<(String, Left)>,
}

/// What a file left by an earlier run holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Left {
    /// What another version of the plan made (its hash).
    Version(String),
    /// Bytes kehoach did not write: the file was changed or replaced.
    Altered,
}

/// Writes `files` (names, bytes) into `dir` as one set. `still_made`
/// tells, for a file an earlier run wrote, whether the plan still makes it;
/// those it no longer makes are removed.
pub fn write_output_set(
    dir: &Path,
    files: &[(String, &[u8])],
    still_made: &dyn Fn(&str) -> bool,
) -> std::io::Result<Written> {
    write_versioned_set(dir, files, still_made, None)
}

/// [`write_output_set`], recording that `version` of the plan made
/// `files` and keeping a copy of it.
pub fn write_versioned_set(
    dir: &Path,
    files: &[(String, &[u8])],
    still_made: &dyn Fn(&str) -> bool,
    version: Option<&PlanVersion>,
) -> std::io::Result<Written> {
    refuse_link(dir)?;
    std::fs::create_dir_all(dir)?;
    refuse_link(dir)?;
    // Held until the end of this function: a second run into the same
    // folder waits here, so a set never mixes two runs.
    // Where a folder cannot be opened or locked (some network file
    // systems, Windows), the set is still written all or nothing, unlocked.
    let lock = std::fs::File::open(dir)
        .ok()
        .filter(|folder| folder.lock().is_ok());
    let kept_dir = dir.join(SNAPSHOTS);
    refuse_link(&dir.join(MANIFEST))?;
    refuse_link(&kept_dir)?;
    if version.is_some() && std::fs::symlink_metadata(&kept_dir).is_ok_and(|m| !m.is_dir()) {
        return Err(std::io::Error::other(format!(
            "`{}` đã có và không phải thư mục; kehoach giữ ở đó các bản kế hoạch đã dựng (đổi tên hoặc xóa tệp ấy rồi chạy lại)",
            kept_dir.display()
        )));
    }
    for (name, _) in files {
        check_target(&dir.join(name))?;
    }
    remove_leftovers(dir);
    remove_leftovers(&kept_dir);
    let old = manifest::read(dir);
    let hash = version.map(|v| v.hash.as_str());
    let new: Vec<Entry> = files
        .iter()
        .map(|(name, bytes)| manifest::entry(name, hash, bytes))
        .collect();
    if let Some(v) = version {
        // Kept before any manifest names it; failing to keep it only
        // means a vaguer warning next time.
        let _ = keep_version(&kept_dir, v);
    }
    // Until the renames are done, each file may be as it was or as it will
    // be: the manifest says both, and the bytes will tell.
    let pending: Vec<Entry> = old.iter().chain(&new).cloned().collect();
    let listed_before = write_manifest(dir, &pending).is_ok();
    let targets: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (dir.join(name), *bytes))
        .collect();
    if let Err(err) = write_all_atomic(&targets) {
        // Every old file is back: so is the old manifest.
        if listed_before {
            let _ = write_manifest(dir, &old);
        }
        return Err(err);
    }
    let mut written = Written::default();
    let mut listed = new;
    let mut earlier: Vec<&str> = old.iter().map(|e| e.name.as_str()).collect();
    earlier.sort_unstable();
    earlier.dedup();
    for name in earlier {
        if files.iter().any(|(n, _)| n == name) {
            continue;
        }
        let entries: Vec<&Entry> = old.iter().filter(|e| e.name == name).collect();
        let found = manifest::find(dir, name, &entries);
        if still_made(name) {
            match &found {
                Found::Written(Some(h)) if hash.is_some_and(|v| v != h) => {
                    written
                        .stale
                        .push((name.to_owned(), Left::Version(h.clone())));
                }
                Found::Altered if hash.is_some() => {
                    written.stale.push((name.to_owned(), Left::Altered));
                }
                _ => {}
            }
        }
        match found {
            Found::Gone => {}
            Found::Written(version) if still_made(name) => {
                listed.extend(
                    entries
                        .into_iter()
                        .filter(|e| e.version == version)
                        .cloned(),
                );
            }
            Found::Written(_) => {
                let path = dir.join(name);
                if std::fs::remove_file(&path).is_ok() {
                    written.removed.push(path);
                } else {
                    listed.extend(entries.into_iter().cloned());
                }
            }
            Found::Altered => {
                if !still_made(name) {
                    written.kept_altered.push(dir.join(name));
                }
                listed.extend(entries.into_iter().cloned());
            }
        }
    }
    // The set is in place; a manifest that cannot be written only means
    // fewer stale files found next time.
    if write_manifest(dir, &listed).is_ok() {
        prune_versions(&kept_dir, &listed);
    }
    drop(lock);
    Ok(written)
}

fn write_manifest(dir: &Path, entries: &[Entry]) -> std::io::Result<()> {
    let text = manifest::text(entries);
    write_all_atomic(&[(dir.join(MANIFEST), text.as_bytes())])
}

/// Keeps `version` in `kept_dir`, unless a copy with its bytes is there.
fn keep_version(kept_dir: &Path, version: &PlanVersion) -> std::io::Result<()> {
    match std::fs::create_dir(kept_dir) {
        Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => return Err(err),
        _ => refuse_link(kept_dir)?,
    }
    let path = snapshot_path(kept_dir.parent().unwrap_or(Path::new(".")), &version.hash);
    let intact = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
        && std::fs::read(&path).is_ok_and(|b| content_hash(&b) == version.hash);
    if intact {
        return Ok(());
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        // The link goes, not what it points to.
        std::fs::remove_file(&path)?;
    }
    write_all_atomic(&[(path, version.kept.as_bytes())])
}

/// Removes the kept plan versions no listed file was made from.
fn prune_versions(kept_dir: &Path, listed: &[Entry]) {
    if refuse_link(kept_dir).is_err() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(kept_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(hash) = name
            .strip_prefix("nguon-")
            .and_then(|n| n.strip_suffix(".toml"))
        else {
            continue;
        };
        let used = listed.iter().any(|e| e.version.as_deref() == Some(hash));
        if !used && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Temporary files of a run that was killed (the lock is held, so no run
/// is writing them now). A folder that is a link is not looked into.
fn remove_leftovers(dir: &Path) {
    if refuse_link(dir).is_err() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn stale_files_are_removed_only_when_listed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let files: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"1"),
            ("phu-luc-1.pdf".into(), b"1"),
            ("phu-luc-2.pdf".into(), b"1"),
        ];
        write_output_set(&out, &files, &|_| true).unwrap();
        // A file of the user's, and a killed run's leftover.
        std::fs::write(out.join("phu-luc-3.pdf"), b"cua nguoi dung").unwrap();
        std::fs::write(out.join(".kehoach-abc.tmp"), b"").unwrap();
        let written =
            write_output_set(&out, &files[..2], &|n| !n.starts_with("phu-luc-2")).unwrap();
        assert_eq!(written.removed, [out.join("phu-luc-2.pdf")]);
        assert_eq!(
            names(&out),
            [MANIFEST, "ke-hoach.pdf", "phu-luc-1.pdf", "phu-luc-3.pdf"]
        );
    }

    #[test]
    fn a_listed_file_changed_since_is_kept_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let files: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"1"),
            ("phu-luc-1.pdf".into(), b"1"),
        ];
        let v1 = PlanVersion::of("nam = 2026\n");
        write_versioned_set(&out, &files, &|_| true, Some(&v1)).unwrap();
        std::fs::write(out.join("phu-luc-1.pdf"), b"sua tay").unwrap();
        let written =
            write_versioned_set(&out, &files[..1], &|n| n == "ke-hoach.pdf", Some(&v1)).unwrap();
        assert!(written.removed.is_empty());
        assert_eq!(written.kept_altered, [out.join("phu-luc-1.pdf")]);
        assert_eq!(
            std::fs::read(out.join("phu-luc-1.pdf")).unwrap(),
            b"sua tay"
        );
    }

    #[test]
    fn files_left_from_another_plan_version_are_reported_and_old_copies_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let files: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"1"),
            ("phu-luc-1.pdf".into(), b"1"),
        ];
        let v1 = PlanVersion::of("nam = 2026\n");
        let v2 = PlanVersion::of("nam = 2027\n");
        assert_eq!(v1.hash.len(), 16);
        assert_ne!(v1.hash, v2.hash);
        let written = write_versioned_set(&out, &files, &|_| true, Some(&v1)).unwrap();
        assert!(written.stale.is_empty());
        assert_eq!(
            std::fs::read_to_string(snapshot_path(&out, &v1.hash)).unwrap(),
            v1.kept
        );
        // Only the appendix from v2: the plan is left from v1.
        let written = write_versioned_set(&out, &files[1..], &|_| true, Some(&v2)).unwrap();
        assert_eq!(
            written.stale,
            [("ke-hoach.pdf".to_owned(), Left::Version(v1.hash.clone()))]
        );
        let versions: Vec<(String, Option<String>)> = manifest::read(&out)
            .into_iter()
            .map(|e| (e.name, e.version))
            .collect();
        assert_eq!(
            versions,
            [
                ("ke-hoach.pdf".to_owned(), Some(v1.hash.clone())),
                ("phu-luc-1.pdf".to_owned(), Some(v2.hash.clone()))
            ]
        );
        assert!(snapshot_path(&out, &v1.hash).is_file());
        // Everything from v2: nothing stale, v1's copy is gone.
        let written = write_versioned_set(&out, &files, &|_| true, Some(&v2)).unwrap();
        assert!(written.stale.is_empty());
        assert!(!snapshot_path(&out, &v1.hash).exists());
        assert!(snapshot_path(&out, &v2.hash).is_file());
    }

    /// The manifest as a run killed between its renames leaves it: every
    /// file listed as it was and as it would be. Whatever each file is,
    /// the next run tells it by its bytes. (With the manifest written only
    /// after the renames, new files under the old manifest were called
    /// stale.)
    #[test]
    fn a_run_killed_between_its_renames_leaves_no_false_warning() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let v1 = PlanVersion::of("nam = 2026\n");
        let v2 = PlanVersion::of("nam = 2027\n");
        let old: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"cu"),
            ("phu-luc-1.pdf".into(), b"cu"),
        ];
        write_versioned_set(&out, &old, &|_| true, Some(&v1)).unwrap();
        // v2 was being written: its manifest said both, one file was
        // renamed, then the run was killed.
        let mut pending = manifest::read(&out);
        pending.push(manifest::entry("ke-hoach.pdf", Some(&v2.hash), b"moi"));
        pending.push(manifest::entry("phu-luc-1.pdf", Some(&v2.hash), b"moi"));
        std::fs::write(out.join(MANIFEST), manifest::text(&pending)).unwrap();
        std::fs::write(out.join("ke-hoach.pdf"), b"moi").unwrap();
        keep_version(&out.join(SNAPSHOTS), &v2).unwrap();
        // v2 again, the appendix only: the plan is v2's, not stale; the
        // appendix it now rewrites.
        let only: Vec<(String, &[u8])> = vec![("phu-luc-1.pdf".into(), b"moi")];
        let written = write_versioned_set(&out, &only, &|_| true, Some(&v2)).unwrap();
        assert!(written.stale.is_empty(), "{:?}", written.stale);
        // The other way round: the plan left as v1 made it is stale.
        let mut pending = manifest::read(&out);
        pending.push(manifest::entry("ke-hoach.pdf", Some(&v1.hash), b"cu"));
        std::fs::write(out.join(MANIFEST), manifest::text(&pending)).unwrap();
        std::fs::write(out.join("ke-hoach.pdf"), b"cu").unwrap();
        keep_version(&out.join(SNAPSHOTS), &v1).unwrap();
        let written = write_versioned_set(&out, &only, &|_| true, Some(&v2)).unwrap();
        assert_eq!(
            written.stale,
            [("ke-hoach.pdf".to_owned(), Left::Version(v1.hash.clone()))]
        );
    }

    #[test]
    fn a_failed_set_leaves_the_old_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let v1 = PlanVersion::of("nam = 2026\n");
        let files: Vec<(String, &[u8])> = vec![("ke-hoach.pdf".into(), b"1")];
        write_versioned_set(&out, &files, &|_| true, Some(&v1)).unwrap();
        let before = std::fs::read(out.join(MANIFEST)).unwrap();
        std::fs::create_dir(out.join("phu-luc-1.pdf")).unwrap();
        let v2 = PlanVersion::of("nam = 2027\n");
        let files: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"2"),
            ("phu-luc-1.pdf".into(), b"2"),
        ];
        assert!(write_versioned_set(&out, &files, &|_| true, Some(&v2)).is_err());
        assert_eq!(std::fs::read(out.join(MANIFEST)).unwrap(), before);
        assert_eq!(std::fs::read(out.join("ke-hoach.pdf")).unwrap(), b"1");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("ngoai");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = dir.path().join("p");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let files: Vec<(String, &[u8])> = vec![("ke-hoach.pdf".into(), b"1")];
        let err = write_output_set(&link, &files, &|_| true).unwrap_err();
        assert!(err.to_string().contains("liên kết"), "{err}");
        assert!(names(&elsewhere).is_empty());
    }

    /// Each thing kehoach writes, reads or removes under an output folder,
    /// made a link to a folder or file elsewhere: the set is refused before
    /// anything is written, and nothing elsewhere changes. (The kept-versions
    /// folder was followed: its old copies removed there, new ones written.)
    #[cfg(unix)]
    #[test]
    fn nothing_under_the_output_folder_is_followed_through_a_link() {
        let v1 = PlanVersion::of("nam = 2026\n");
        let files: Vec<(String, &[u8])> = vec![
            ("ke-hoach.pdf".into(), b"1"),
            ("phu-luc-1.pdf".into(), b"1"),
        ];
        for linked in [SNAPSHOTS, MANIFEST, "ke-hoach.pdf", "phu-luc-1.pdf"] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("p");
            let elsewhere = dir.path().join("ngoai");
            std::fs::create_dir_all(&elsewhere).unwrap();
            std::fs::write(elsewhere.join("nguon-0123456789abcdef.toml"), "x").unwrap();
            std::fs::write(elsewhere.join("tep"), "cua nguoi khac").unwrap();
            write_versioned_set(&out, &files, &|_| true, Some(&v1)).unwrap();
            let target = if linked == SNAPSHOTS {
                elsewhere.clone()
            } else {
                elsewhere.join("tep")
            };
            let _ = std::fs::remove_dir_all(out.join(linked));
            let _ = std::fs::remove_file(out.join(linked));
            std::os::unix::fs::symlink(&target, out.join(linked)).unwrap();
            let before = names(&out);
            let v2 = PlanVersion::of("nam = 2027\n");
            let err = write_versioned_set(&out, &files, &|_| true, Some(&v2)).unwrap_err();
            assert!(err.to_string().contains("liên kết"), "{linked}: {err}");
            assert!(err.to_string().contains(linked), "{linked}: {err}");
            assert_eq!(
                names(&elsewhere),
                ["nguon-0123456789abcdef.toml", "tep"],
                "{linked}"
            );
            assert_eq!(
                std::fs::read(elsewhere.join("tep")).unwrap(),
                b"cua nguoi khac"
            );
            assert_eq!(names(&out), before, "{linked}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_kept_copy_that_is_a_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let v1 = PlanVersion::of("nam = 2026\n");
        let files: Vec<(String, &[u8])> = vec![("ke-hoach.pdf".into(), b"1")];
        std::fs::create_dir_all(out.join(SNAPSHOTS)).unwrap();
        let elsewhere = dir.path().join("tep");
        std::fs::write(&elsewhere, "cua nguoi khac").unwrap();
        std::os::unix::fs::symlink(&elsewhere, snapshot_path(&out, &v1.hash)).unwrap();
        write_versioned_set(&out, &files, &|_| true, Some(&v1)).unwrap();
        assert_eq!(
            std::fs::read_to_string(&elsewhere).unwrap(),
            "cua nguoi khac"
        );
        let kept = snapshot_path(&out, &v1.hash);
        assert!(std::fs::symlink_metadata(&kept).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(kept).unwrap(), v1.kept);
    }
}
