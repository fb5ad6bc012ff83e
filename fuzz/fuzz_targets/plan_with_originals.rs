//! A plan with the originals its adjustment appendices name (`ban_goc`),
//! through what `kehoach check` and `render` run on them: the originals
//! found once each, checked, compared with the plan, composed into the
//! adjustment appendix, written as typst source and DOCX. The files are
//! held in memory and found as `pipeline::originals` finds files on disk
//! (breadth first, each once however it is spelled, no deeper than
//! `LIMITS.original_depth`), so loops, self-references, shared and too
//! deep originals and refused names all occur.
//!
//! Beyond "no panic": a plan is valid exactly when no file has an error;
//! every diagnostic renders against its own file; and the kept version of
//! a valid plan (`PlanFiles::bundle`, what `.kehoach/` holds) checks back
//! to the very same documents.
//!
//! An input whose first byte is odd is a recipe: up to five plans made by
//! `grammar` (their indicators share ids, so targets change, appear and
//! go), each with adjustment appendices naming others. Otherwise the bytes
//! after it are up to five plan texts separated by 0xFF (never in UTF-8).

#![no_main]

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use kehoach::limits::LIMITS;
use kehoach::pipeline::check_files;
use kehoach::plan::{Link, Loaded, PlanFiles, Refusal, SourceFile, parse};
use libfuzzer_sys::fuzz_target;

mod common;
mod grammar;

/// At most this many plan texts in one input.
const FILES: usize = 5;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let texts = if first % 2 == 1 {
        family(rest)
    } else {
        rest.split(|&b| b == 0xFF)
            .take(FILES)
            .filter_map(|t| std::str::from_utf8(t).ok().map(str::to_owned))
            .collect()
    };
    if !texts.is_empty() {
        run(&texts);
    }
});

/// A plan and its would-be originals from a recipe: the recipe is cut in
/// as many parts as files, each part a `grammar` plan, then adjustment
/// appendices whose `ban_goc` names other files in several spellings.
fn family(recipe: &[u8]) -> Vec<String> {
    let Some((&head, recipe)) = recipe.split_first() else {
        return Vec::new();
    };
    let count = 1 + usize::from(head) % FILES;
    let part = recipe.len().div_ceil(count).max(1);
    let mut parts: Vec<&[u8]> = recipe.chunks(part).collect();
    parts.resize(count, &[]);
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let mut text = grammar::plan(part);
            // The last bytes of a part choose its adjustments.
            let choices = part.iter().rev().take(6).copied().collect::<Vec<_>>();
            for (n, pair) in choices.chunks(2).enumerate() {
                let &[target, spelling] = pair else { break };
                if n > 0 && target % 3 == 0 {
                    break;
                }
                let target = usize::from(target) % (count + 1);
                let name = match (target == count, spelling % 5) {
                    (true, 0) => "../ngoai.toml".to_owned(),
                    (true, 1) => "khong-co.toml".to_owned(),
                    (true, _) => format!("f{i}.txt"),
                    (false, 0) => format!("./f{target}.toml"),
                    (false, 1) => format!("././f{target}.toml"),
                    (false, _) => format!("f{target}.toml"),
                };
                text += &format!(
                    "\n[[phu_luc]]\nid = \"dc-{n}\"\nloai = \"dieu-chinh\"\nten = \"Điều chỉnh {n}\"\n\
                     ban_goc = \"{name}\"\nso_ban_goc = {}\nngay_ban_goc = 2026-01-{:02}\n",
                    1 + u32::from(spelling),
                    1 + spelling % 28
                );
                if spelling % 4 == 0 {
                    text += "\n[phu_luc.ly_do_bai_bo]\nct-7 = \"Theo Công văn số 1520\"\n";
                }
            }
            text
        })
        .collect()
}

/// Where `name` leads among `texts` files (`f<i>.toml` is text `i`), by
/// the rules `pipeline::originals` applies to files on disk: a plain
/// relative path to a `.toml` file, `.` allowed, `..` not.
fn locate(name: &str, texts: usize) -> Result<usize, Refusal> {
    let path = Path::new(name.trim());
    let plain = !name.trim().is_empty()
        && !name.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain {
        return Err(Refusal::Outside);
    }
    if path.extension().is_none_or(|e| e != "toml") {
        return Err(Refusal::NotToml);
    }
    let mut parts = path.components().filter(|c| *c != Component::CurDir);
    let only = parts.next().filter(|_| parts.next().is_none());
    only.and_then(|c| {
        c.as_os_str()
            .to_str()?
            .strip_prefix('f')?
            .strip_suffix(".toml")?
            .parse()
            .ok()
    })
    .filter(|&i: &usize| i < texts)
    .ok_or_else(|| Refusal::NotFound(PathBuf::from(name)))
}

fn loaded(index: usize, text: &str) -> Loaded {
    let (plan, diagnostics) = parse(text);
    Loaded {
        source: SourceFile {
            path: PathBuf::from(format!("f{index}.toml")),
            text: text.to_owned(),
        },
        plan,
        diagnostics,
    }
}

/// The files the plan (text 0) leads to, breadth first, each once.
fn plan_files(texts: &[String]) -> PlanFiles {
    let mut files = PlanFiles::single(loaded(0, &texts[0]));
    let mut by_text: HashMap<usize, usize> = HashMap::from([(0, 0)]);
    let mut depth = vec![0];
    let mut links = BTreeMap::new();
    let mut next = 0;
    while next < files.files.len() {
        let names: Vec<String> = files.files[next]
            .plan
            .iter()
            .flat_map(|p| &p.phu_luc)
            .filter(|a| a.loai.get_ref() == "dieu-chinh")
            .filter_map(|a| a.ban_goc.as_ref().map(|f| f.get_ref().clone()))
            .collect();
        for name in names {
            if links.contains_key(&(next, name.clone())) {
                continue;
            }
            let link = match locate(&name, texts.len()) {
                Err(refusal) => Link::Refused(refusal),
                Ok(text) => match by_text.get(&text) {
                    Some(&known) => Link::File(known),
                    None if depth[next] >= LIMITS.original_depth => Link::Refused(Refusal::TooDeep),
                    None => {
                        let index = files.files.len();
                        by_text.insert(text, index);
                        files.files.push(loaded(text, &texts[text]));
                        depth.push(depth[next] + 1);
                        Link::File(index)
                    }
                },
            };
            links.insert((next, name), link);
        }
        next += 1;
    }
    files.links = links;
    files
}

fn run(texts: &[String]) {
    let checked = check_files(plan_files(texts), common::templates());
    for file in &checked.files {
        let name = file.source.path.display().to_string();
        common::render_all(&file.diagnostics, &name, &file.source.text);
    }
    let Some(valid) = &checked.valid else {
        assert!(checked.error_count() > 0, "not valid, yet no error");
        return;
    };
    assert_eq!(checked.error_count(), 0, "valid, yet an error");
    let Ok(composed) = &valid.composed else {
        return;
    };
    let sources = common::write_all(composed);

    // The kept version checks back to the same documents.
    let sources_now: Vec<&SourceFile> = checked.files.iter().map(|f| &f.source).collect();
    let kept = PlanFiles::bundle(&sources_now, &checked.links);
    let again = check_files(
        PlanFiles::from_bundle(&kept).expect("a bundle reads back"),
        common::templates(),
    );
    let again = again.valid.expect("the kept version is valid");
    let again = again.composed.as_ref().expect("the kept version composes");
    assert_eq!(
        sources,
        common::write_all(again),
        "the kept version prints otherwise"
    );
}
