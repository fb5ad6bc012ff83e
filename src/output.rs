//! Writing output files safely. Every file of a run is first written in
//! full to a temporary file beside its target, and only when all of them
//! are written are they renamed into place: a failed run never leaves a
//! half-written file nor destroys yesterday's good one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes one file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Writes several files, all or (as far as the file system allows) none:
/// staging failures leave every previous file untouched.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push((stage(path, bytes)?, path));
    }
    for (temp, path) in staged {
        temp.persist(path).map_err(|e| e.error)?;
    }
    Ok(())
}

fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".kehoach-")
        .suffix(".tmp")
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

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ke-hoach.pdf");
        write_atomic(&path, b"cu").unwrap();
        write_atomic(&path, b"moi").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"moi");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
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
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary left: {names:?}");
    }
}
