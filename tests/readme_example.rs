//! The user docs say what the program does: the example plan of the user
//! guide (docs/huong-dan.md) is a real, valid plan that renders, and the
//! guide names every appendix kind and signer authority.

mod common;

use common::*;

/// The user guide, which holds the example plan and the format summary.
const GUIDE: &str = "docs/huong-dan.md";

#[test]
fn the_user_guide_example_is_valid_and_renders() {
    let guide = std::fs::read_to_string(root().join(GUIDE)).unwrap();
    let start = guide
        .find("```toml\n")
        .expect("a TOML example in the user guide")
        + 8;
    let end = start + guide[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vi-du.toml");
    std::fs::write(&path, &guide[start..end]).unwrap();
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

/// The user guide's list of appendix kinds and signer authorities is the
/// schema's: a kind added to `plan::schema` must be documented.
#[test]
fn the_user_guide_names_every_appendix_kind_and_authority_of_the_schema() {
    use kehoach::plan::schema::{AppendixKind, Authority};
    let guide = std::fs::read_to_string(root().join(GUIDE)).unwrap();
    let guide = normalise(&guide);
    for kind in AppendixKind::ALL {
        let entry = format!("`{}` ({})", kind.key(), kind.description());
        assert!(guide.contains(&entry), "{GUIDE} lacks {entry}");
    }
    let authorities: Vec<String> = Authority::ALL
        .iter()
        .map(|a| format!("`{}`", a.key()))
        .collect();
    let entry = format!("`[nguoi_ky] quyen_han`: {}", authorities.join(", "));
    assert!(guide.contains(&entry), "{GUIDE} lacks {entry}");
}
