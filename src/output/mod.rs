//! Writing output files safely. Every file of a run is first written in
//! full to a temporary file beside its target, and only when all of them
//! are written are they renamed into place: a failed run never leaves a
//! half-written file nor destroys yesterday's good one.
//!
//! A plan's output folder is written as one set ([`write_output_set`]):
//! under a lock (two runs into one folder take turns), every target checked
//! before the first rename, each replaced file kept aside until the whole
//! set is in place and put back if a later rename fails. Leftovers of a
//! killed run (`.kehoach-*.tmp`) are removed, and so are files an earlier
//! run wrote that the plan no longer has (phụ lục dropped) — only those
//! listed in the folder's manifest, never a file kehoach did not write.
//!
//! The manifest also says which version of the plan made each file (a
//! hash of its source), and a copy of each such version is kept in
//! `.kehoach/nguon-<hash>.toml`: a partial render can then tell which
//! files it left from an older version, and what in them is now wrong
//! (`stale`).

#[cfg(feature = "render")]
pub mod stale;

use std::io::Write;
use std::path::{Path, PathBuf};

/// The list of files kehoach wrote into an output folder, one a line:
/// its name, a tab, and the hash of the plan version that made it (older
/// manifests have the name alone).
pub const MANIFEST: &str = ".kehoach-manifest";

/// The folder, inside an output folder, of the plan versions the manifest
/// names (`nguon-<hash>.toml`).
pub const SNAPSHOTS: &str = ".kehoach";

/// The plan version a set of files is made from.
pub struct PlanVersion<'a> {
    /// [`plan_hash`] of `source`.
    pub hash: String,
    pub source: &'a str,
}

impl<'a> PlanVersion<'a> {
    pub fn of(source: &'a str) -> Self {
        PlanVersion {
            hash: plan_hash(source),
            source,
        }
    }
}

/// A stable name for a version of a plan: the first 16 hex digits of the
/// SHA-256 of its text (the same on every machine and every run).
pub fn plan_hash(source: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(source.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Where the copy of plan version `hash` is kept in output folder `dir`.
pub fn snapshot_path(dir: &Path, hash: &str) -> PathBuf {
    dir.join(SNAPSHOTS).join(format!("nguon-{hash}.toml"))
}

const TEMP_PREFIX: &str = ".kehoach-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes one file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Writes a new file atomically, never over one that exists (even one
/// made a moment earlier by another program): `AlreadyExists` then.
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    check_target(path)?;
    stage(path, bytes)?
        .persist_noclobber(path)
        .map(drop)
        .map_err(|e| e.error)
}

/// Writes several files, all or none: staging failures leave every previous
/// file untouched, and a failed rename puts back the files already renamed.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    for (path, _) in files {
        check_target(path)?;
    }
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push((stage(path, bytes)?, path.clone()));
    }
    commit(staged)
}

/// What a written output set changed besides its own files.
#[derive(Debug, Default)]
pub struct Written {
    /// Files of an earlier run removed because the plan no longer has them.
    pub removed: Vec<PathBuf>,
    /// Files of an earlier run, not rewritten now, made from another
    /// version of the plan: their names and that version's hash.
    pub stale: Vec<(String, String)>,
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
    refuse_symlink(dir)?;
    std::fs::create_dir_all(dir)?;
    refuse_symlink(dir)?;
    // Held until the end of this function: a second run into the same
    // folder waits here, so a set never mixes two runs.
    // Where a folder cannot be opened or locked (some network file
    // systems, Windows), the set is still written all or nothing, unlocked.
    let lock = std::fs::File::open(dir)
        .ok()
        .filter(|folder| folder.lock().is_ok());
    remove_leftovers(dir);
    let targets: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (dir.join(name), *bytes))
        .collect();
    write_all_atomic(&targets)?;
    let old = read_manifest(dir);
    let mut removed = Vec::new();
    let mut stale = Vec::new();
    let mut listed: Vec<(String, Option<String>)> = Vec::new();
    for (name, hash) in old {
        let is_new = files.iter().any(|(n, _)| *n == name);
        if is_new {
            continue;
        }
        if still_made(&name) {
            if let (Some(h), Some(v)) = (&hash, version)
                && *h != v.hash
                && dir.join(&name).is_file()
            {
                stale.push((name.clone(), h.clone()));
            }
            listed.push((name, hash));
            continue;
        }
        let path = dir.join(&name);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if is_file && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    let hash = version.map(|v| v.hash.clone());
    listed.extend(files.iter().map(|(n, _)| (n.clone(), hash.clone())));
    listed.sort();
    listed.dedup_by(|a, b| a.0 == b.0);
    // The version is kept before the manifest names it; failing to keep
    // it only means a vaguer warning next time.
    if let Some(v) = version {
        let path = snapshot_path(dir, &v.hash);
        if !path.is_file() {
            let _ = write_atomic(&path, v.source.as_bytes());
        }
    }
    let manifest = listed
        .iter()
        .map(|(n, h)| match h {
            Some(h) => format!("{n}\t{h}\n"),
            None => format!("{n}\n"),
        })
        .collect::<String>();
    // The set is in place; a manifest that cannot be written only means
    // fewer stale files found next time.
    if write_all_atomic(&[(dir.join(MANIFEST), manifest.as_bytes())]).is_ok() {
        prune_snapshots(dir, &listed);
    }
    drop(lock);
    Ok(Written { removed, stale })
}

/// Removes the kept plan versions no listed file was made from.
fn prune_snapshots(dir: &Path, listed: &[(String, Option<String>)]) {
    let Ok(entries) = std::fs::read_dir(dir.join(SNAPSHOTS)) else {
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
        let used = listed.iter().any(|(_, h)| h.as_deref() == Some(hash));
        if !used && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The files listed in the folder's manifest (plain file names only),
/// each with the hash of the plan version that made it, when recorded.
pub fn read_manifest(dir: &Path) -> Vec<(String, Option<String>)> {
    let text = crate::input::read_bounded(&dir.join(MANIFEST), 64 * 1024)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (name, hash) = match line.split_once('\t') {
                Some((n, h)) => (n, Some(h.trim())),
                None => (line, None),
            };
            let hash = hash.filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
            (is_plain_name(name) && !name.starts_with('.'))
                .then(|| (name.to_owned(), hash.map(str::to_owned)))
        })
        .collect()
}

/// A single normal path component: no `..`, no separator, not empty.
pub fn is_plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(
        (components.next(), components.next()),
        (Some(std::path::Component::Normal(n)), None) if n == std::ffi::OsStr::new(name)
    )
}

fn refuse_symlink(dir: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "`{}` là liên kết tượng trưng; kehoach không ghi theo liên kết ra ngoài thư mục kết quả (xóa liên kết rồi chạy lại)",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// Temporary files of a run that was killed (the lock is held, so no run
/// is writing them now).
fn remove_leftovers(dir: &Path) {
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

/// A target must be absent or a regular file: a folder or a link there
/// would fail the rename after others were done.
fn check_target(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(std::io::Error::other(format!(
            "`{}` đã có và là {}, không phải tệp thường",
            path.display(),
            if m.is_dir() {
                "một thư mục"
            } else if m.file_type().is_symlink() {
                "một liên kết tượng trưng"
            } else {
                "một tệp đặc biệt"
            }
        ))),
        Err(_) => Ok(()),
    }
}

/// Renames every staged file into place; on a failure, puts back what was
/// already replaced, so the set stays as it was.
fn commit(staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> std::io::Result<()> {
    // Each existing target is kept under a second name until the end.
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(staged.len());
    for (_, path) in &staged {
        match backup(path) {
            Ok(b) => backups.push(b),
            Err(err) => {
                discard(&backups);
                return Err(err);
            }
        }
    }
    let paths: Vec<PathBuf> = staged.iter().map(|(_, p)| p.clone()).collect();
    for (i, (temp, path)) in staged.into_iter().enumerate() {
        if let Err(err) = temp.persist(&path) {
            for j in (0..i).rev() {
                let _ = match &backups[j] {
                    Some(old) => std::fs::rename(old, &paths[j]),
                    None => std::fs::remove_file(&paths[j]),
                };
            }
            discard(&backups);
            // The temporaries not yet renamed are removed as they drop.
            return Err(err.error);
        }
    }
    discard(&backups);
    Ok(())
}

/// A hard link to `path` beside it, or `None` if there is no file yet.
fn backup(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let dir = parent(path);
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let backup = dir.join(format!(
        "{TEMP_PREFIX}{name}.{}.cu{TEMP_SUFFIX}",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&backup);
    if std::fs::hard_link(path, &backup).is_err() {
        // File systems without hard links: a copy does the same job.
        std::fs::copy(path, &backup)?;
    }
    Ok(Some(backup))
}

fn discard(backups: &[Option<PathBuf>]) {
    for b in backups.iter().flatten() {
        let _ = std::fs::remove_file(b);
    }
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // Temporary files are private (0600); a document is for everyone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ke-hoach.pdf");
        write_atomic(&path, b"cu").unwrap();
        write_atomic(&path, b"moi").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"moi");
        assert_eq!(names(dir.path()), ["ke-hoach.pdf"]);
    }

    #[test]
    fn a_failed_staging_keeps_every_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("ke-hoach.pdf");
        std::fs::write(&good, b"cu").unwrap();
        // The second file's folder cannot be made: a file stands there.
        std::fs::write(dir.path().join("chan"), b"").unwrap();
        let blocked = dir.path().join("chan/phu-luc-1.pdf");
        let files: [(PathBuf, &[u8]); 2] = [(good.clone(), b"moi"), (blocked, b"moi")];
        assert!(write_all_atomic(&files).is_err());
        assert_eq!(std::fs::read(&good).unwrap(), b"cu");
        assert_eq!(names(dir.path()), ["chan", "ke-hoach.pdf"]);
    }

    #[test]
    fn a_folder_in_the_way_is_found_before_any_rename() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("ke-hoach.pdf");
        std::fs::write(&good, b"cu").unwrap();
        std::fs::create_dir(dir.path().join("phu-luc-1.pdf")).unwrap();
        let files: [(PathBuf, &[u8]); 2] = [
            (good.clone(), b"moi"),
            (dir.path().join("phu-luc-1.pdf"), b"moi"),
        ];
        let err = write_all_atomic(&files).unwrap_err();
        assert!(err.to_string().contains("thư mục"), "{err}");
        assert_eq!(std::fs::read(&good).unwrap(), b"cu");
        assert_eq!(names(dir.path()), ["ke-hoach.pdf", "phu-luc-1.pdf"]);
    }

    #[test]
    fn a_failed_rename_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.pdf");
        let second = dir.path().join("b.pdf");
        let fresh = dir.path().join("c.pdf");
        std::fs::write(&first, b"cu").unwrap();
        // Staged, then made to fail at its rename: its target becomes a
        // non-empty folder after the checks.
        let staged = vec![
            (stage(&first, b"moi").unwrap(), first.clone()),
            (stage(&fresh, b"moi").unwrap(), fresh.clone()),
            (stage(&second, b"moi").unwrap(), second.clone()),
        ];
        std::fs::create_dir(&second).unwrap();
        std::fs::write(second.join("x"), b"").unwrap();
        assert!(commit(staged).is_err());
        assert_eq!(std::fs::read(&first).unwrap(), b"cu");
        assert!(!fresh.exists());
        assert_eq!(names(dir.path()), ["a.pdf", "b.pdf"]);
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
            v1.source
        );
        // Only the appendix from v2: the plan is left from v1.
        let written = write_versioned_set(&out, &files[1..], &|_| true, Some(&v2)).unwrap();
        assert_eq!(
            written.stale,
            [("ke-hoach.pdf".to_owned(), v1.hash.clone())]
        );
        assert_eq!(
            read_manifest(&out),
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

    #[test]
    fn a_manifest_of_names_alone_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            "ke-hoach.pdf\nphu-luc-1.pdf\tabc123\n../x\n.an\n",
        )
        .unwrap();
        assert_eq!(
            read_manifest(dir.path()),
            [
                ("ke-hoach.pdf".to_owned(), None),
                ("phu-luc-1.pdf".to_owned(), Some("abc123".to_owned()))
            ]
        );
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

    #[test]
    fn plain_names() {
        assert!(is_plain_name("xa"));
        assert!(is_plain_name("...x"));
        assert!(!is_plain_name(".."));
        assert!(!is_plain_name("."));
        assert!(!is_plain_name(""));
        assert!(!is_plain_name("a/b"));
    }
}
