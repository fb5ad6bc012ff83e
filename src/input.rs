//! Reading an input file (a plan, a font) safely: regular files only, and
//! never more than a limit. A FIFO would block the run forever, `/dev/zero`
//! would be read until memory ran out; a size taken from `stat` alone
//! proves nothing for such files, so the read itself is bounded too.

use std::io::Read;
use std::path::Path;

/// Why an input file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A folder, a FIFO, a device or a socket.
    NotRegular(FileKind),
    /// Larger than the limit (the limit, in bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    /// Why, in Vietnamese, after "không đọc được …: ". The commands add
    /// what was being read and what to do.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "đây là {kind}"),
            ReadError::TooLarge(limit) => write!(f, "quá lớn (giới hạn {limit} byte)"),
            ReadError::Io(err) => match err.kind() {
                std::io::ErrorKind::NotFound => f.write_str("không tìm thấy tệp"),
                std::io::ErrorKind::PermissionDenied => f.write_str("không có quyền đọc tệp"),
                _ => write!(f, "không đọc được tệp: {err}"),
            },
        }
    }
}

/// What an input path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Folder,
    Fifo,
    Device,
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

impl std::fmt::Display for FileKind {
    /// In Vietnamese, for "đây là …".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Folder => "một thư mục",
            FileKind::Fifo => "một ống dẫn (FIFO)",
            FileKind::Device => "một thiết bị",
            FileKind::Socket => "một socket",
            FileKind::Other => "không phải tệp thường",
        })
    }
}

/// What kind of non-regular file `metadata` describes.
fn kind_of(metadata: &std::fs::Metadata) -> FileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = metadata.file_type();
        if t.is_fifo() {
            return FileKind::Fifo;
        }
        if t.is_char_device() || t.is_block_device() {
            return FileKind::Device;
        }
        if t.is_socket() {
            return FileKind::Socket;
        }
    }
    if metadata.is_dir() {
        FileKind::Folder
    } else {
        FileKind::Other
    }
}

/// Whether `path` is a file a host without a disk handed in
/// ([`provided`]): there is no link on its way to follow.
pub fn is_provided(path: &Path) -> bool {
    #[cfg(target_family = "wasm")]
    return provided::get(path).is_some();
    #[cfg(not(target_family = "wasm"))]
    {
        let _ = path;
        false
    }
}

/// Reads `path` if it is a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    #[cfg(target_family = "wasm")]
    if let Some(bytes) = provided::get(path) {
        return if bytes.len() as u64 > limit {
            Err(ReadError::TooLarge(limit))
        } else {
            Ok(bytes)
        };
    }
    // `stat` first: opening a FIFO for reading would already block.
    let metadata = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind_of(&metadata)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Should the file be swapped for a FIFO between `stat` and `open`,
        // the open must not block either.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc_nonblock());
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind_of(&metadata)));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // One byte more than allowed tells a file that grew after `stat`.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads a stream (stdin, a child's output) to its end, but never more
/// than `limit` bytes.
pub fn read_stream_bounded(stream: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    stream
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// The files a host without a file system was handed (the browser page:
/// the original an adjustment names, opened by the clerk beside the plan),
/// read by [`read_bounded`] and [`is_provided`] as if they were on a disk.
#[cfg(target_family = "wasm")]
pub mod provided {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::path::{Component, Path, PathBuf};

    thread_local! {
        static FILES: RefCell<BTreeMap<PathBuf, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
    }

    /// `./a/x.toml` and `a/x.toml` are one file.
    fn key(path: &Path) -> PathBuf {
        path.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    }

    /// Makes `bytes` the file at `path`, in place of any before it.
    pub fn set(path: &Path, bytes: Vec<u8>) {
        FILES.with(|files| files.borrow_mut().insert(key(path), bytes));
    }

    /// Forgets every file handed in.
    pub fn clear() {
        FILES.with(|files| files.borrow_mut().clear());
    }

    pub(crate) fn get(path: &Path) -> Option<Vec<u8>> {
        FILES.with(|files| files.borrow().get(&key(path)).cloned())
    }
}

/// `O_NONBLOCK` without the libc crate: the value Linux and the BSDs use.
#[cfg(unix)]
const fn libc_nonblock() -> i32 {
    if cfg!(target_os = "linux") || cfg!(target_os = "android") {
        0o4000
    } else {
        0x0004
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_file_and_refuses_a_large_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(read_bounded(&path, 3).unwrap(), b"abc");
        assert!(matches!(
            read_bounded(&path, 2),
            Err(ReadError::TooLarge(2))
        ));
    }

    #[test]
    fn says_why_in_vietnamese() {
        let dir = tempfile::tempdir().unwrap();
        let gone = read_bounded(&dir.path().join("khong-co.toml"), 10).unwrap_err();
        assert_eq!(gone.to_string(), "không tìm thấy tệp");
        let folder = read_bounded(dir.path(), 10).unwrap_err();
        assert_eq!(folder.to_string(), "đây là một thư mục");
        assert_eq!(
            ReadError::TooLarge(10).to_string(),
            "quá lớn (giới hạn 10 byte)"
        );
    }

    #[test]
    fn refuses_devices_and_folders() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_bounded(dir.path(), 10),
            Err(ReadError::NotRegular(FileKind::Folder))
        ));
    }
}
