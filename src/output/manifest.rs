//! The manifest of an output folder (`.kehoach-manifest`): which files
//! kehoach wrote there, the plan version that made each, and a hash of the
//! bytes it wrote. One line a file:
//!
//! ```text
//! ke-hoach.pdf<TAB>3f2a…(version)<TAB>9c1e…(bytes)
//! ```
//!
//! While a set is being put in place, a file being replaced is listed twice,
//! as it was and as it will be: a run killed between two renames leaves
//! each file one or the other, and its bytes tell which. Older manifests
//! have the name alone, or the name and the version; they are still read.

use std::path::Path;

use super::{MANIFEST, content_hash, refuse_link};

/// One line of a manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// A plain file name in the output folder.
    pub name: String,
    /// The plan version (`PlanVersion::hash`) that made it, when recorded.
    pub version: Option<String>,
    /// [`content_hash`] of the bytes written, when recorded.
    pub content: Option<String>,
}

/// What a listed file in the folder is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The bytes of one of its entries (or an older manifest's entry, which
    /// recorded no bytes): made from that version, when recorded.
    Written(Option<String>),
    /// Its bytes are none kehoach wrote here: changed or replaced since.
    Altered,
    /// No regular file there any more.
    Gone,
}

/// The manifest of `dir`, as written (an unreadable one is empty: fewer
/// stale files are found, nothing is removed). A manifest reached through a
/// link is never read.
pub fn read(dir: &Path) -> Vec<Entry> {
    let path = dir.join(MANIFEST);
    if refuse_link(&path).is_err() {
        return Vec::new();
    }
    let text = crate::input::read_bounded(&path, 1024 * 1024)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut fields = line.split('\t');
    let name = fields.next()?;
    let hash = |field: Option<&str>| {
        field
            .map(str::trim)
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            .map(str::to_owned)
    };
    let version = hash(fields.next());
    let content = hash(fields.next());
    (super::is_plain_name(name) && !name.starts_with('.')).then(|| Entry {
        name: name.to_owned(),
        version,
        content,
    })
}

/// The manifest's text for `entries` (sorted, each line once).
pub fn text(entries: &[Entry]) -> String {
    let mut entries = entries.to_vec();
    entries.sort();
    entries.dedup();
    entries
        .iter()
        .map(|e| match (&e.version, &e.content) {
            (version, Some(content)) => format!(
                "{}\t{}\t{content}\n",
                e.name,
                version.as_deref().unwrap_or("")
            ),
            (Some(version), None) => format!("{}\t{version}\n", e.name),
            (None, None) => format!("{}\n", e.name),
        })
        .collect()
}

/// Which of `entries` (all for one name) the file `dir/<name>` is now,
/// told by its bytes where they were recorded.
pub fn find(dir: &Path, name: &str, entries: &[&Entry]) -> Found {
    let path = dir.join(name);
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    if !regular {
        return Found::Gone;
    }
    if entries.iter().all(|e| e.content.is_none()) {
        // An older manifest: the last word it had.
        return Found::Written(entries.last().and_then(|e| e.version.clone()));
    }
    let Some(bytes) = file_hash(&path) else {
        return Found::Altered;
    };
    entries
        .iter()
        .find(|e| e.content.as_deref() == Some(bytes.as_str()))
        .map_or(Found::Altered, |e| Found::Written(e.version.clone()))
}

/// [`content_hash`] of a file, read in pieces (documents may be large).
fn file_hash(path: &Path) -> Option<String> {
    use sha2::Digest;
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Some(super::short_hex(&hasher.finalize()))
}

/// The entry recording that `version` wrote `bytes` as `name`.
pub fn entry(name: &str, version: Option<&str>, bytes: &[u8]) -> Entry {
    Entry {
        name: name.to_owned(),
        version: version.map(str::to_owned),
        content: Some(content_hash(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_line_is_read_and_unsafe_names_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            "ke-hoach.pdf\nphu-luc-1.pdf\tabc123\nphu-luc-2.pdf\tabc\tdef\n../x\n.an\nx\tkhông-hex\n",
        )
        .unwrap();
        let entry = |name: &str, version: Option<&str>, content: Option<&str>| Entry {
            name: name.into(),
            version: version.map(Into::into),
            content: content.map(Into::into),
        };
        assert_eq!(
            read(dir.path()),
            [
                entry("ke-hoach.pdf", None, None),
                entry("phu-luc-1.pdf", Some("abc123"), None),
                entry("phu-luc-2.pdf", Some("abc"), Some("def")),
                entry("x", None, None),
            ]
        );
        let written = text(&read(dir.path()));
        std::fs::write(dir.path().join(MANIFEST), &written).unwrap();
        assert_eq!(text(&read(dir.path())), written);
    }

    #[test]
    fn a_file_is_told_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"moi").unwrap();
        let old = entry("a.pdf", Some("v1"), b"cu");
        let new = entry("a.pdf", Some("v2"), b"moi");
        assert_eq!(
            find(dir.path(), "a.pdf", &[&old, &new]),
            Found::Written(Some("v2".into()))
        );
        assert_eq!(find(dir.path(), "a.pdf", &[&old]), Found::Altered);
        assert_eq!(find(dir.path(), "b.pdf", &[&old]), Found::Gone);
        let bare = Entry {
            name: "a.pdf".into(),
            version: Some("v0".into()),
            content: None,
        };
        assert_eq!(
            find(dir.path(), "a.pdf", &[&bare]),
            Found::Written(Some("v0".into()))
        );
    }
}
