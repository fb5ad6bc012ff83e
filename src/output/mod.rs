//! Writing output files safely. Every file of a run is first written in
//! full to a temporary file beside its target, and only when all of them
//! are written are they renamed into place: a failed run never leaves a
//! half-written file nor destroys yesterday's good one.
//!
//! A plan's output folder is written as one set (`folder`); its manifest
//! (`manifest`) says what kehoach wrote there, from which version of the
//! plan, and kept copies of those versions (`.kehoach/nguon-<hash>.toml`)
//! let a partial render tell what the files it left now get wrong
//! (`stale`). Nothing under an output folder is written, read or removed
//! through a symbolic link.
//!
//! Windows will not replace a file another program holds open (Word keeps
//! each document it has open so): such a target is found before any file
//! of the set is touched, and refused with a message that names it and
//! says to close it in Word.

mod folder;
pub mod manifest;
pub mod stale;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use folder::{Left, PlanVersion, Written, write_output_set, write_versioned_set};

/// The list of files kehoach wrote into an output folder (`manifest`).
pub const MANIFEST: &str = ".kehoach-manifest";

/// The folder, inside an output folder, of the plan versions the manifest
/// names (`nguon-<hash>.toml`).
pub const SNAPSHOTS: &str = ".kehoach";

/// A stable name for a version of a plan: the first 16 hex digits of the
/// SHA-256 of its text (the same on every machine and every run).
pub fn plan_hash(source: &str) -> String {
    content_hash(source.as_bytes())
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    short_hex(&sha2::Sha256::digest(bytes))
}

fn short_hex(digest: &[u8]) -> String {
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

/// A single normal path component: no `..`, no separator, not empty.
pub fn is_plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(
        (components.next(), components.next()),
        (Some(std::path::Component::Normal(n)), None) if n == std::ffi::OsStr::new(name)
    )
}

/// An error unless `path` is absent or no symbolic link: kehoach never
/// writes, reads or removes anything under an output folder through a link,
/// which could lead anywhere on the disk.
fn refuse_link(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "`{}` là liên kết tượng trưng; kehoach không ghi, đọc hay xóa theo liên kết trong thư mục kết quả (xóa liên kết rồi chạy lại)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// A target must be absent or a regular file that can be replaced: a
/// folder, a link or a file held open there would fail the rename after
/// others were done.
fn check_target(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && is_held_open(path) => Err(held_open(path)),
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

/// Whether another program holds `path` open so that it cannot be
/// replaced. Opening it for writing (which changes nothing) fails then
/// with a sharing or lock violation; a read-only file is no such case.
/// Only Windows locks files so.
#[cfg(windows)]
fn is_held_open(path: &Path) -> bool {
    /// `ERROR_SHARING_VIOLATION`, `ERROR_LOCK_VIOLATION`.
    const VIOLATIONS: [i32; 2] = [32, 33];
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .is_err_and(|e| e.raw_os_error().is_some_and(|c| VIOLATIONS.contains(&c)))
}

#[cfg(not(windows))]
fn is_held_open(_path: &Path) -> bool {
    false
}

/// The refusal of a target another program holds open, in words a clerk
/// can act on.
fn held_open(path: &Path) -> std::io::Error {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    std::io::Error::new(
        std::io::ErrorKind::ResourceBusy,
        format!(
            "tệp `{}` đang mở trong Word (hoặc một chương trình khác) nên không thay được; đóng `{name}` trong Word rồi chạy lại lệnh",
            path.display()
        ),
    )
}

/// A failed backup or rename of `path`, said as [`held_open`] when another
/// program opened it after the checks.
fn replace_failed(path: &Path, err: std::io::Error) -> std::io::Error {
    if is_held_open(path) {
        held_open(path)
    } else {
        err
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
                return Err(replace_failed(path, err));
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
            return Err(replace_failed(&path, err.error));
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
    fn plain_names() {
        assert!(is_plain_name("xa"));
        assert!(is_plain_name("...x"));
        assert!(!is_plain_name(".."));
        assert!(!is_plain_name("."));
        assert!(!is_plain_name(""));
        assert!(!is_plain_name("a/b"));
    }
}
