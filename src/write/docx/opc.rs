//! The package's parts and relationships (Open Packaging Conventions): the
//! parts Word always writes are added, and the parts nothing refers to are
//! dropped.
//!
//! docx-rs packs `comments.xml`, `footnotes.xml` and `numbering.xml` even
//! when no relationship points at them (readers ignore such parts, and
//! validators flag them), and writes no theme and no web settings, which
//! Word writes into every file (Word for Mac has been reported to ask for a
//! repair without them). [`complete`] adds `word/theme/theme1.xml` and
//! `word/webSettings.xml` with their relationships and content types, then
//! keeps only the parts reachable from the package's relationships, and
//! the content types of the parts that are left.

use std::collections::BTreeSet;

use roxmltree::{Document, Node};

use super::DocxError;

const CONTENT_TYPES: &str = "[Content_Types].xml";
const PACKAGE_RELATIONSHIPS: &str = "_rels/.rels";
const DOCUMENT: &str = "word/document.xml";
const DOCUMENT_RELATIONSHIPS: &str = "word/_rels/document.xml.rels";

/// A part kehoach adds: its name, content, content type and the type of
/// the relationship from the main document to it.
struct Added {
    name: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
    relationship: &'static str,
}

/// The theme (Office colours; Times New Roman as the theme fonts, like every
/// style) and the web settings Word writes into a new document.
const ADDED: [Added; 2] = [
    Added {
        name: "word/theme/theme1.xml",
        bytes: include_bytes!("parts/theme1.xml"),
        content_type: "application/vnd.openxmlformats-officedocument.theme+xml",
        relationship: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
    },
    Added {
        name: "word/webSettings.xml",
        bytes: include_bytes!("parts/webSettings.xml"),
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml",
        relationship: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
    },
];

/// The parts (name, bytes) of a package with the theme and web settings
/// added and every unreferenced part dropped.
pub(super) fn complete(entries: &mut Vec<(String, Vec<u8>)>) -> Result<(), DocxError> {
    for added in &ADDED {
        if entries.iter().any(|(name, _)| name == added.name) {
            continue;
        }
        let relationships = entry(entries, DOCUMENT_RELATIONSHIPS)?;
        *relationships = add_relationship(DOCUMENT_RELATIONSHIPS, relationships, added)?;
        let types = entry(entries, CONTENT_TYPES)?;
        *types = add_override(types, added)?;
        entries.push((added.name.to_owned(), added.bytes.to_vec()));
    }

    let reached = reachable(entries)?;
    let kept = |name: &str| {
        name == CONTENT_TYPES
            || reached.contains(name)
            || source_of(name).is_some_and(|source| source.is_empty() || reached.contains(&source))
    };
    let dropped: Vec<String> = entries
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| !kept(name))
        .collect();
    entries.retain(|(name, _)| kept(name));
    let types = entry(entries, CONTENT_TYPES)?;
    *types = without_overrides(types, &dropped)?;
    Ok(())
}

/// The bytes of the part `name`, for rewriting.
fn entry<'e>(
    entries: &'e mut [(String, Vec<u8>)],
    name: &str,
) -> Result<&'e mut Vec<u8>, DocxError> {
    entries
        .iter_mut()
        .find(|(entry, _)| entry == name)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| missing(name))
}

fn missing(name: &str) -> DocxError {
    DocxError::Part {
        part: name.to_owned(),
        problem: "không có trong gói",
    }
}

fn not_xml(name: &str) -> DocxError {
    DocxError::Part {
        part: name.to_owned(),
        problem: "không phải XML hợp lệ",
    }
}

/// `bytes` parsed as XML, the part named `name`.
fn parse<'b>(name: &str, bytes: &'b [u8]) -> Result<(&'b str, Document<'b>), DocxError> {
    let text = std::str::from_utf8(bytes).map_err(|_| not_xml(name))?;
    let document = Document::parse(text).map_err(|_| not_xml(name))?;
    Ok((text, document))
}

/// `text` with `insert` just before its last end tag (the root's).
fn before_root_end(
    name: &str,
    text: &str,
    document: &Document,
    insert: &str,
) -> Result<Vec<u8>, DocxError> {
    let range = document.root_element().range();
    let element = &text[range.clone()];
    if let Some(open) = element.strip_suffix("/>") {
        // An empty root, `<Types ... />`: open it up.
        let name_end = open
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(open.len());
        let close = format!("</{}>", &open[1..name_end]);
        let open = open.trim_end();
        return Ok([
            &text[..range.start],
            open,
            ">",
            insert,
            &close,
            &text[range.end..],
        ]
        .concat()
        .into_bytes());
    }
    let end = element.rfind("</").ok_or_else(|| not_xml(name))? + range.start;
    Ok([&text[..end], insert, &text[end..]].concat().into_bytes())
}

/// The relationships part `name` with one more, to `added`, under the
/// first `rIdN` not yet taken.
fn add_relationship(name: &str, bytes: &[u8], added: &Added) -> Result<Vec<u8>, DocxError> {
    let (text, document) = parse(name, bytes)?;
    let taken: BTreeSet<&str> = elements(&document, "Relationship")
        .filter_map(|relationship| relationship.attribute("Id"))
        .collect();
    let id = (1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default();
    let target = added.name.strip_prefix("word/").unwrap_or(added.name);
    let relationship = format!(
        r#"<Relationship Id="{id}" Type="{}" Target="{target}" />"#,
        added.relationship
    );
    before_root_end(name, text, &document, &relationship)
}

/// The content types with an override for `added`.
fn add_override(bytes: &[u8], added: &Added) -> Result<Vec<u8>, DocxError> {
    let (text, document) = parse(CONTENT_TYPES, bytes)?;
    let entry = format!(
        r#"<Override PartName="/{}" ContentType="{}" />"#,
        added.name, added.content_type
    );
    before_root_end(CONTENT_TYPES, text, &document, &entry)
}

/// The content types without the overrides of the parts `dropped`.
fn without_overrides(bytes: &[u8], dropped: &[String]) -> Result<Vec<u8>, DocxError> {
    let (text, document) = parse(CONTENT_TYPES, bytes)?;
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for entry in elements(&document, "Override") {
        let part = entry.attribute("PartName").unwrap_or_default();
        let part = part.strip_prefix('/').unwrap_or(part);
        if dropped.iter().any(|name| name.eq_ignore_ascii_case(part)) {
            out.push_str(&text[at..entry.range().start]);
            at = entry.range().end;
        }
    }
    out.push_str(&text[at..]);
    Ok(out.into_bytes())
}

/// The root's child elements called `name`, in any namespace.
fn elements<'d, 'i>(
    document: &'d Document<'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'d, 'i>> {
    document
        .root_element()
        .children()
        .filter(move |node| node.is_element() && node.tag_name().name() == name)
}

/// Every part some chain of relationships from the package reaches.
fn reachable(entries: &[(String, Vec<u8>)]) -> Result<BTreeSet<String>, DocxError> {
    let mut reached = BTreeSet::new();
    let mut todo = vec![String::new()];
    while let Some(source) = todo.pop() {
        let rels = relationships_of(&source);
        let Some((_, bytes)) = entries.iter().find(|(name, _)| *name == rels) else {
            if source.is_empty() {
                return Err(missing(PACKAGE_RELATIONSHIPS));
            }
            continue;
        };
        let (_, document) = parse(&rels, bytes)?;
        for relationship in elements(&document, "Relationship") {
            if relationship.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = resolve(
                &source,
                relationship.attribute("Target").unwrap_or_default(),
            );
            if reached.insert(target.clone()) {
                todo.push(target);
            }
        }
    }
    if !reached.contains(DOCUMENT) {
        return Err(missing(DOCUMENT));
    }
    Ok(reached)
}

/// The relationships part of `source` ("" is the package itself).
fn relationships_of(source: &str) -> String {
    match source.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/_rels/{file}.rels"),
        None => format!("_rels/{source}.rels"),
    }
}

/// The part whose relationships `name` holds, if it is a relationships
/// part ("" for the package's own).
fn source_of(name: &str) -> Option<String> {
    let (folder, file) = name.rsplit_once("_rels/")?;
    let file = file.strip_suffix(".rels")?;
    if file.contains('/') || !(folder.is_empty() || folder.ends_with('/')) {
        return None;
    }
    Some(format!("{folder}{file}"))
}

/// The part a relationship from `source` to `target` points at: absolute
/// targets from the package root, others from `source`'s folder.
fn resolve(source: &str, target: &str) -> String {
    let mut path: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => source
            .rsplit_once('/')
            .map_or_else(Vec::new, |(folder, _)| folder.split('/').collect()),
    };
    for segment in target.trim_start_matches('/').split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            segment => path.push(segment),
        }
    }
    path.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(items: &[(&str, &str)]) -> Vec<u8> {
        let body: String = items
            .iter()
            .map(|(id, target)| format!(r#"<Relationship Id="{id}" Type="t" Target="{target}" />"#))
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>"#
        )
        .into_bytes()
    }

    fn package() -> Vec<(String, Vec<u8>)> {
        let types = concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="xml" ContentType="application/xml" />"#,
            r#"<Override PartName="/word/document.xml" ContentType="d" />"#,
            r#"<Override PartName="/word/comments.xml" ContentType="c" />"#,
            r#"<Override PartName="/word/numbering.xml" ContentType="n" />"#,
            "</Types>"
        );
        vec![
            (CONTENT_TYPES.into(), types.as_bytes().to_vec()),
            (
                PACKAGE_RELATIONSHIPS.into(),
                rels(&[
                    ("rId1", "word/document.xml"),
                    ("rId2", "/docProps/core.xml"),
                ]),
            ),
            ("docProps/core.xml".into(), b"<a/>".to_vec()),
            (DOCUMENT.into(), b"<a/>".to_vec()),
            (
                DOCUMENT_RELATIONSHIPS.into(),
                rels(&[("rId1", "styles.xml"), ("rId3", "header1.xml")]),
            ),
            ("word/styles.xml".into(), b"<a/>".to_vec()),
            ("word/header1.xml".into(), b"<a/>".to_vec()),
            (
                "word/_rels/header1.xml.rels".into(),
                rels(&[("rId1", "media/a.png")]),
            ),
            ("word/media/a.png".into(), b"png".to_vec()),
            ("word/comments.xml".into(), b"<a/>".to_vec()),
            ("word/numbering.xml".into(), b"<a/>".to_vec()),
            ("word/_rels/comments.xml.rels".into(), rels(&[])),
        ]
    }

    fn text(entries: &[(String, Vec<u8>)], name: &str) -> String {
        let bytes = &entries.iter().find(|(entry, _)| entry == name).unwrap().1;
        String::from_utf8(bytes.clone()).unwrap()
    }

    #[test]
    fn parts_nothing_refers_to_are_dropped_with_their_content_types() {
        let mut entries = package();
        complete(&mut entries).unwrap();
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                CONTENT_TYPES,
                PACKAGE_RELATIONSHIPS,
                "docProps/core.xml",
                DOCUMENT,
                DOCUMENT_RELATIONSHIPS,
                "word/styles.xml",
                "word/header1.xml",
                "word/_rels/header1.xml.rels",
                "word/media/a.png",
                "word/theme/theme1.xml",
                "word/webSettings.xml",
            ]
        );
        let types = text(&entries, CONTENT_TYPES);
        assert!(
            !types.contains("comments") && !types.contains("numbering"),
            "{types}"
        );
        assert!(types.contains(r#"<Override PartName="/word/document.xml" ContentType="d" />"#));
    }

    #[test]
    fn theme_and_web_settings_get_free_ids_and_content_types() {
        let mut entries = package();
        complete(&mut entries).unwrap();
        let relationships = text(&entries, DOCUMENT_RELATIONSHIPS);
        assert!(relationships.contains(
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#
        ), "{relationships}");
        assert!(relationships.contains(
            r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings" Target="webSettings.xml" />"#
        ), "{relationships}");
        assert!(relationships.ends_with("</Relationships>"));
        let types = text(&entries, CONTENT_TYPES);
        assert!(types.contains(
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#
        ));
        assert!(types.contains("/word/webSettings.xml"));
        for added in &ADDED {
            Document::parse(std::str::from_utf8(added.bytes).unwrap()).unwrap();
        }
        // A second pass changes nothing.
        let once = entries.clone();
        complete(&mut entries).unwrap();
        assert_eq!(once, entries);
    }

    #[test]
    fn a_package_without_its_relationships_or_document_is_an_error() {
        let mut entries = package();
        entries.retain(|(name, _)| name != PACKAGE_RELATIONSHIPS);
        assert!(matches!(
            complete(&mut entries),
            Err(DocxError::Part { .. })
        ));
        let mut entries = package();
        entries[1].1 = rels(&[("rId1", "word/other.xml")]);
        assert!(complete(&mut entries).is_err());
        let mut entries = package();
        entries[4].1 = b"<Relationships".to_vec();
        assert!(complete(&mut entries).is_err());
    }

    #[test]
    fn an_empty_relationships_part_is_opened_up() {
        let empty = br#"<Relationships xmlns="urn:r" />"#;
        let (text, document) = parse("x.rels", empty).unwrap();
        let done = before_root_end("x.rels", text, &document, "<R />").unwrap();
        assert_eq!(
            done,
            br#"<Relationships xmlns="urn:r"><R /></Relationships>"#
        );
    }

    #[test]
    fn targets_resolve_like_uris() {
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve("word/document.xml", "styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "/docProps/app.xml"),
            "docProps/app.xml"
        );
        assert_eq!(relationships_of(""), "_rels/.rels");
        assert_eq!(relationships_of(DOCUMENT), DOCUMENT_RELATIONSHIPS);
        assert_eq!(source_of(DOCUMENT_RELATIONSHIPS).as_deref(), Some(DOCUMENT));
        assert_eq!(source_of(PACKAGE_RELATIONSHIPS).as_deref(), Some(""));
        assert_eq!(source_of("word/document.xml"), None);
    }
}
