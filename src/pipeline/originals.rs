//! Finding and reading the originals an adjustment names (`ban_goc`): the
//! only place a plan leads kehoach to open another file. `check` then
//! reads what was found, without touching the disk
//! (`check::originals`).
//!
//! `ban_goc` is user text naming a file: only a relative path inside the
//! plan's folder, ending in `.toml`, is followed, and it is read with the
//! same bounded read as any plan. Each file is read once, found by its
//! canonical path however it is spelled; the files are read breadth first,
//! no deeper than `LIMITS.original_depth` below the plan and no more than
//! `LIMITS.plan_files` in all, so the work is bounded whatever the shape
//! of the references (a loop included: it leads to a file already read).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::limits::LIMITS;
use crate::plan::schema::AppendixKind;
use crate::plan::{Link, Loaded, PlanFiles, Refusal, load};

/// `plan` with every original its adjustment appendices lead to.
pub fn with_originals(plan: Loaded) -> PlanFiles {
    let path = plan.source.path.clone();
    with_originals_beside(plan, &path)
}

/// [`with_originals`] for plan text that is no file of its own (stdin, a
/// git revision): its `ban_goc` are looked for beside `stand_in`, the file
/// it is a version of.
pub fn with_originals_beside(plan: Loaded, stand_in: &Path) -> PlanFiles {
    let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
    by_path.insert(canonical(&plan.source.path), 0);
    let mut files = PlanFiles::single(plan);
    let mut depth = vec![0];
    let mut next = 0;
    while next < files.files.len() {
        let names: Vec<String> = match &files.files[next].plan {
            Some(plan) => plan
                .phu_luc
                .iter()
                .filter(|a| {
                    AppendixKind::from_key(a.loai.get_ref()) == Some(AppendixKind::Adjustment)
                })
                .filter_map(|a| a.ban_goc.as_ref().map(|f| f.get_ref().clone()))
                .collect(),
            None => Vec::new(),
        };
        let folder = if next == 0 {
            stand_in.to_path_buf()
        } else {
            files.files[next].source.path.clone()
        };
        for name in names {
            if files.links.contains_key(&(next, name.clone())) {
                continue;
            }
            let link = match locate(&folder, &name) {
                Err(refusal) => Link::Refused(refusal),
                Ok(path) => match by_path.get(&canonical(&path)) {
                    Some(&known) => Link::File(known),
                    None if depth[next] >= LIMITS.original_depth => Link::Refused(Refusal::TooDeep),
                    None if files.files.len() >= LIMITS.plan_files => {
                        Link::Refused(Refusal::TooMany)
                    }
                    None => {
                        let index = files.files.len();
                        by_path.insert(canonical(&path), index);
                        files.files.push(load(&path));
                        depth.push(depth[next] + 1);
                        Link::File(index)
                    }
                },
            };
            files.links.insert((next, name), link);
        }
        next += 1;
    }
    files
}

/// The path that identifies a file however it was named.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file `name` names beside `plan_path`, if `name` is a plain relative
/// path to a `.toml` file inside the plan's folder that exists.
fn locate(plan_path: &Path, name: &str) -> Result<PathBuf, Refusal> {
    let relative = Path::new(name.trim());
    let plain = !name.trim().is_empty()
        && !name.contains('\\')
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain {
        return Err(Refusal::Outside);
    }
    if relative.extension().and_then(|e| e.to_str()) != Some("toml") {
        return Err(Refusal::NotToml);
    }
    let folder = plan_path.parent().unwrap_or(Path::new(""));
    let path = folder.join(relative);
    if crate::input::is_provided(&path) {
        return Ok(path);
    }
    if !path.exists() {
        return Err(Refusal::NotFound(path));
    }
    // The name stays inside the folder; links on the way must too, or a
    // link beside the plan could lead to any file on the disk.
    let real_folder = canonical(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    });
    let real = canonical(&path);
    if !real.starts_with(&real_folder) {
        return Err(Refusal::LinkOutside(real));
    }
    if !real.is_file() {
        return Err(Refusal::NotAFile(path));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: &str) -> Refusal {
        locate(Path::new("plans/x.toml"), name).unwrap_err()
    }

    #[test]
    fn only_relative_toml_files_inside_the_folder_are_followed() {
        assert_eq!(refused("../x.toml"), Refusal::Outside);
        assert_eq!(refused("/etc/x.toml"), Refusal::Outside);
        assert_eq!(refused("a/../../x.toml"), Refusal::Outside);
        assert_eq!(refused("a\\x.toml"), Refusal::Outside);
        assert_eq!(refused(""), Refusal::Outside);
        assert_eq!(refused("x.txt"), Refusal::NotToml);
        assert_eq!(
            refused("khong-co.toml"),
            Refusal::NotFound(PathBuf::from("plans/khong-co.toml"))
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("goc.toml"), "").unwrap();
        let plan = dir.path().join("moi.toml");
        assert_eq!(
            locate(&plan, "goc.toml").unwrap(),
            dir.path().join("goc.toml")
        );
        assert!(locate(&plan, "./goc.toml").is_ok());
    }

    /// A link beside the plan is followed only while it stays in the
    /// plan's folder. (One to a file elsewhere was read as the original.)
    #[cfg(unix)]
    #[test]
    fn a_link_leading_out_of_the_plans_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("plans");
        std::fs::create_dir_all(folder.join("cu")).unwrap();
        std::fs::write(dir.path().join("ngoai.toml"), "").unwrap();
        std::fs::write(folder.join("cu/goc.toml"), "").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, folder.join(name)).unwrap();
        };
        link(&dir.path().join("ngoai.toml"), "ra-ngoai.toml");
        link(dir.path(), "thu-muc-ngoai");
        link(&folder.join("cu/goc.toml"), "trong.toml");
        link(Path::new("/dev/null"), "thiet-bi.toml");
        std::fs::create_dir(folder.join("thu-muc.toml")).unwrap();
        let plan = folder.join("moi.toml");
        let outside = canonical(&dir.path().join("ngoai.toml"));
        assert_eq!(
            locate(&plan, "ra-ngoai.toml"),
            Err(Refusal::LinkOutside(outside.clone()))
        );
        assert_eq!(
            locate(&plan, "thu-muc-ngoai/ngoai.toml"),
            Err(Refusal::LinkOutside(outside))
        );
        assert!(matches!(
            locate(&plan, "thiet-bi.toml"),
            Err(Refusal::LinkOutside(_))
        ));
        assert_eq!(
            locate(&plan, "thu-muc.toml"),
            Err(Refusal::NotAFile(folder.join("thu-muc.toml")))
        );
        assert_eq!(locate(&plan, "trong.toml"), Ok(folder.join("trong.toml")));
        assert_eq!(locate(&plan, "cu/goc.toml"), Ok(folder.join("cu/goc.toml")));
    }

    /// A plan (its structure sound, no more) adjusting the files `names`.
    fn adjustment(names: &[&str]) -> String {
        let mut text = "[van_ban]\nloai = \"chi-tieu\"\nxa = \"X\"\nky_hieu = \"KH-UBND\"\nnam = 2026\ntrich_yeu = \"x\"\n[nguoi_ky]\nho_ten = \"A\"\n".to_owned();
        for (i, name) in names.iter().enumerate() {
            text.push_str(&format!(
                "[[phu_luc]]\nid = \"dc{i}\"\nloai = \"dieu-chinh\"\nten = \"x\"\nban_goc = \"{name}\"\n"
            ));
        }
        text
    }

    #[test]
    fn each_original_is_read_once_however_it_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            adjustment(&["b.toml", "./b.toml", "././b.toml", "a.toml"]),
        )
        .unwrap();
        std::fs::write(dir.path().join("b.toml"), adjustment(&["./a.toml"])).unwrap();
        let files = with_originals(load(&dir.path().join("a.toml")));
        assert_eq!(files.files.len(), 2);
        for name in ["b.toml", "./b.toml", "././b.toml"] {
            assert_eq!(files.links[&(0, name.to_owned())], Link::File(1));
        }
        // Back to the plan itself: a link to the file already read.
        assert_eq!(files.links[&(0, "a.toml".to_owned())], Link::File(0));
        assert_eq!(files.links[&(1, "./a.toml".to_owned())], Link::File(0));
    }

    #[test]
    fn a_chain_stops_at_the_depth_limit() {
        let dir = tempfile::tempdir().unwrap();
        for level in 0..=LIMITS.original_depth + 1 {
            std::fs::write(
                dir.path().join(format!("l{level}.toml")),
                adjustment(&[&format!("l{}.toml", level + 1)]),
            )
            .unwrap();
        }
        let files = with_originals(load(&dir.path().join("l0.toml")));
        assert_eq!(files.files.len(), LIMITS.original_depth + 1);
        let last = LIMITS.original_depth;
        assert_eq!(
            files.links[&(last, format!("l{}.toml", last + 1))],
            Link::Refused(Refusal::TooDeep)
        );
    }
}
