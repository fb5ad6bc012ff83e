//! The user docs say what the program does: the example plan of the user
//! guide (docs/huong-dan.md) is a real, valid plan that renders, the guide
//! names every appendix kind and signer authority, and every relative link
//! between the Markdown files leads to a file and a heading that exist.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    the_user_guide_example_is_valid_and_renders;
    the_user_guide_names_every_appendix_kind_and_authority_of_the_schema;
    every_relative_link_in_the_docs_resolves;
}

/// The user guide, which holds the example plan and the format summary.
const GUIDE: &str = "docs/huong-dan.md";

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

/// Every relative link in the repository's Markdown files — `[text](file)`,
/// `[text](file#heading)`, `[text](#heading)` — names a file that exists
/// and, for a Markdown file, a heading it has (as GitHub makes anchors).
/// Links inside code are examples, not links, and are left out.
fn every_relative_link_in_the_docs_resolves() {
    let files = markdown_files(&root());
    assert!(
        files.iter().any(|f| f.ends_with("README.md")) && files.len() >= 8,
        "{files:?}"
    );
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (target.as_str(), None),
            };
            let linked = if path.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap().join(path)
            };
            if !linked.exists() {
                broken.push(format!("{shown}: ({target}): no file {}", linked.display()));
                continue;
            }
            if let Some(anchor) = anchor
                && linked.extension().is_some_and(|e| e == "md")
            {
                let anchors = anchors(&std::fs::read_to_string(&linked).unwrap());
                if !anchors.contains(anchor) {
                    broken.push(format!("{shown}: ({target}): no heading #{anchor}"));
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} relative links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The Markdown files of the repository, outside build and output folders.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    const SKIP: [&str; 6] = [
        "target",
        "out",
        "corpus",
        "artifacts",
        "node_modules",
        ".git",
    ];
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                found.extend(markdown_files(&path));
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The lines of a Markdown text outside fenced code blocks.
fn unfenced_lines(text: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            lines.push(line);
        }
    }
    lines
}

/// The destinations of inline links `[text](destination)`, outside code.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in unfenced_lines(text) {
        // Inline code spans blanked out: `[](#id)` there is an example.
        let mut prose = String::new();
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                prose.push(c);
            }
        }
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found
}

/// The anchors GitHub gives a file's headings: lower case, punctuation
/// dropped, spaces as hyphens, a repeated heading numbered `-1`, `-2` ….
fn anchors(text: &str) -> HashSet<String> {
    let mut anchors = HashSet::new();
    for line in unfenced_lines(text) {
        let Some(title) = line
            .strip_prefix('#')
            .map(|t| t.trim_start_matches('#'))
            .and_then(|t| t.strip_prefix(' '))
        else {
            continue;
        };
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let mut unique = slug.clone();
        let mut n = 0;
        while !anchors.insert(unique.clone()) {
            n += 1;
            unique = format!("{slug}-{n}");
        }
    }
    anchors
}
