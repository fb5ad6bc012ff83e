//! The README's example plan is a real, valid plan that renders.

use crate::common::*;

tests! {
    the_readme_example_is_valid_and_renders;
    the_readme_names_every_appendix_kind_and_authority_of_the_schema;
}

fn the_readme_example_is_valid_and_renders() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n")
        .expect("a TOML example in the README")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vi-du.toml");
    std::fs::write(&path, &readme[start..end]).unwrap();
    let check = kehoach(&["check", &path.display().to_string()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let (_out_dir, out) = render(&path, &[]);
    assert!(out.join("ke-hoach.pdf").is_file());
    assert!(out.join("phu-luc-1.pdf").is_file());
}

/// The README's list of appendix kinds and signer authorities is the
/// schema's: a kind added to `plan::schema` must be documented.
fn the_readme_names_every_appendix_kind_and_authority_of_the_schema() {
    use kehoach::plan::schema::{AppendixKind, Authority};
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let readme = normalise(&readme);
    for kind in AppendixKind::ALL {
        let entry = format!("`{}` ({})", kind.key(), kind.description());
        assert!(readme.contains(&entry), "README lacks {entry}");
    }
    let authorities: Vec<String> = Authority::ALL
        .iter()
        .map(|a| format!("`{}`", a.key()))
        .collect();
    let entry = format!("`[nguoi_ky] quyen_han`: {}", authorities.join(", "));
    assert!(readme.contains(&entry), "README lacks {entry}");
}
