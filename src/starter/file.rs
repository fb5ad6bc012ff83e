//! A new plan file on disk, as `kehoach new` and the editor's start page
//! make it: the starter written where asked, never over a file that is
//! there, and the JSON Schema its `#:schema` line names beside it.

use std::path::{Path, PathBuf};

use super::{Commune, SCHEMA_FILE, StarterError, render_starter};
use crate::templates::Templates;

/// What writing a new plan did.
#[derive(Debug)]
pub struct NewPlan {
    pub path: PathBuf,
    /// The schema file written beside it, or why not (the plan is written
    /// all the same: only the text editor's help is missing).
    pub schema: Result<PathBuf, String>,
}

/// Why no plan file was written.
#[derive(Debug)]
pub enum NewPlanError {
    /// A file is there already; nothing was written.
    Exists(PathBuf),
    Starter(StarterError),
    Write(PathBuf, std::io::Error),
}

impl std::fmt::Display for NewPlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewPlanError::Exists(path) => write!(f, "tệp `{}` đã có; không ghi đè", path.display()),
            NewPlanError::Starter(err) => err.fmt(f),
            NewPlanError::Write(path, err) => {
                write!(f, "không ghi được `{}`: {err}", path.display())
            }
        }
    }
}

/// Renders `kind`'s starter for `commune` and writes it at `path`; an
/// existing file is replaced only when `overwrite` is set.
pub fn write_new_plan(
    templates: &Templates,
    kind: &str,
    commune: &Commune,
    path: &Path,
    overwrite: bool,
) -> Result<NewPlan, NewPlanError> {
    if path.exists() && !overwrite {
        return Err(NewPlanError::Exists(path.to_path_buf()));
    }
    let text = render_starter(templates, kind, commune).map_err(NewPlanError::Starter)?;
    let written = if overwrite {
        crate::output::write_atomic(path, text.as_bytes())
    } else {
        crate::output::write_new_atomic(path, text.as_bytes())
    };
    written.map_err(|err| match err.kind() {
        std::io::ErrorKind::AlreadyExists => NewPlanError::Exists(path.to_path_buf()),
        _ => NewPlanError::Write(path.to_path_buf(), err),
    })?;
    // The schema the starter's `#:schema` line names, refreshed beside it
    // so the text editor's help matches this kehoach.
    let schema_path = path.parent().unwrap_or(Path::new(".")).join(SCHEMA_FILE);
    let json = crate::plan::reference::json_schema(&templates.vocabulary());
    let text = crate::plan::reference::schema_text(&json) + "\n";
    let schema = if schema_path.exists() && !written_by_kehoach(&schema_path, &json) {
        // Someone's own file of that name: theirs to keep.
        Err(format!(
            "`{}` đã có và không do kehoach ghi, nên được giữ nguyên",
            schema_path.display()
        ))
    } else {
        crate::output::write_atomic(&schema_path, text.as_bytes())
            .map(|()| schema_path.clone())
            .map_err(|err| format!("không ghi được `{}`: {err}", schema_path.display()))
    };
    Ok(NewPlan {
        path: path.to_path_buf(),
        schema,
    })
}

/// Whether the file at `path` is a schema kehoach wrote (of this or
/// another version): a JSON object with the same title as `ours`.
fn written_by_kehoach(path: &Path, ours: &serde_json::Value) -> bool {
    use std::io::Read;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(8 * 1024 * 1024).read_to_end(&mut bytes));
    if read.is_err() {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|theirs| {
        theirs.get("title").is_some() && theirs.get("title") == ours.get("title")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_plan_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans").join("x-2026.toml");
        let commune = Commune {
            xa: "Xuân Hòa".into(),
            tinh: String::new(),
            nam: 2026,
        };
        let templates = Templates::embedded();
        let made = write_new_plan(&templates, "co-ban", &commune, &path, false).unwrap();
        assert!(made.schema.is_ok());
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(first.contains("xa = \"Xuân Hòa\""));
        std::fs::write(&path, "# của tôi\n").unwrap();
        let again = write_new_plan(&templates, "co-ban", &commune, &path, false);
        assert!(matches!(again, Err(NewPlanError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# của tôi\n");
        write_new_plan(&templates, "co-ban", &commune, &path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    }

    /// A schema file of the user's beside the new plan is kept, and said;
    /// one kehoach wrote is refreshed. (A hand-made one was replaced.)
    #[test]
    fn a_schema_file_kehoach_did_not_write_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let schema = dir.path().join(SCHEMA_FILE);
        std::fs::write(&schema, "{\"title\": \"của tôi\"}\n").unwrap();
        let commune = Commune {
            xa: "Xuân Hòa".into(),
            tinh: String::new(),
            nam: 2026,
        };
        let templates = Templates::embedded();
        let made = write_new_plan(
            &templates,
            "co-ban",
            &commune,
            &dir.path().join("a.toml"),
            false,
        )
        .unwrap();
        let why = made.schema.unwrap_err();
        assert!(why.contains("không do kehoach ghi"), "{why}");
        assert_eq!(
            std::fs::read_to_string(&schema).unwrap(),
            "{\"title\": \"của tôi\"}\n"
        );
        std::fs::remove_file(&schema).unwrap();
        write_new_plan(
            &templates,
            "co-ban",
            &commune,
            &dir.path().join("b.toml"),
            false,
        )
        .unwrap()
        .schema
        .unwrap();
        let ours = std::fs::read(&schema).unwrap();
        std::fs::write(&schema, [&ours[..], b"\n"].concat()).unwrap();
        let made = write_new_plan(
            &templates,
            "co-ban",
            &commune,
            &dir.path().join("c.toml"),
            false,
        )
        .unwrap();
        assert!(made.schema.is_ok());
        assert_eq!(std::fs::read(&schema).unwrap(), ours);
    }
}
