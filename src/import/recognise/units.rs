//! Units: the names in the lead and partner columns and in the prose's
//! assignments become `[[don_vi]]` entries with ids. One office is often
//! written several ways in one plan ("Phòng VHXXH", "Phòng VHXX",
//! "Phòng Văn hóa - Xã hội"); variants are merged into one unit only when
//! their short forms agree (or differ by one letter), and every merge is
//! reported with the names it joined.

use std::collections::HashMap;

use crate::import::blocks::Origin;
use crate::import::draft::Unit;
use crate::import::report::Report;

use super::words::{distance, fold, slug, squash};

/// One unit as met so far.
#[derive(Debug, Clone)]
struct Entry {
    /// The provisional id ("#3") references carry until `finish` names
    /// the unit from its final spelling.
    id: String,
    /// Each spelling met, how often, and where first.
    names: Vec<(String, usize, Option<Origin>)>,
    key: String,
    short: String,
    collective: Option<bool>,
    duties: Option<String>,
    abbreviation: Option<String>,
}

/// The units of a plan being recognised.
#[derive(Debug, Default)]
pub struct Units {
    entries: Vec<Entry>,
}

/// Words that say what kind of body a unit is; a name starting with one
/// of them after a comma begins a new unit ("Các phòng KT, VP HĐND - UBND").
pub const TYPE_WORDS: [&str; 22] = [
    "Phòng",
    "phòng",
    "Văn phòng",
    "VP",
    "Trung tâm",
    "TT",
    "Công an",
    "Trạm",
    "Ban",
    "Sở",
    "UBND",
    "Ủy ban",
    "Đảng ủy",
    "Hội",
    "Đoàn",
    "Trường",
    "Bảo hiểm",
    "Ngân hàng",
    "MTTQ",
    "Bưu điện",
    "Chi nhánh",
    "Tổ",
];

impl Units {
    /// The id of the unit named `name`, adding it if it is new.
    pub fn id(&mut self, name: &str, origin: Option<Origin>) -> String {
        let name = clean_name(name);
        let key = exact_key(&name);
        let short = short_key(&name);
        let found = self
            .entries
            .iter()
            .position(|e| e.key == key)
            .or_else(|| {
                self.entries
                    .iter()
                    .position(|e| short.len() >= 3 && variant(&e.short, &short))
            })
            .or_else(|| self.abbreviated(&name));
        match found {
            Some(i) => {
                let entry = &mut self.entries[i];
                match entry.names.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(seen) => seen.1 += 1,
                    None => entry.names.push((name, 1, origin)),
                }
                entry.id.clone()
            }
            None => {
                let id = format!("#{}", self.entries.len());
                self.entries.push(Entry {
                    id: id.clone(),
                    names: vec![(name, 1, origin)],
                    key,
                    short,
                    collective: None,
                    duties: None,
                    abbreviation: None,
                });
                id
            }
        }
    }

    /// The ids of the units a table cell names.
    pub fn ids_in_cell(&mut self, cell: &[String], origin: Option<Origin>) -> Vec<String> {
        let mut ids = Vec::new();
        for name in self.split_names(cell) {
            let id = self.id(&name, origin);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// The unit a bare abbreviation names ("VHXH", or "VNXH" one letter
    /// off): the one whose name's initials after its type word it is.
    fn abbreviated(&self, name: &str) -> Option<usize> {
        let word = name.trim();
        if word.contains(' ') || !is_abbreviation(word) {
            return None;
        }
        let wanted = fold(word);
        self.entries.iter().position(|e| {
            let initials = initials_after_type(&e.display());
            initials == wanted
                || (wanted.len() >= 4 && initials.len() >= 4 && distance(&initials, &wanted) == 1)
        })
    }

    /// Whether `text` is the whole name of a unit met before.
    fn is_known(&self, text: &str) -> bool {
        let key = exact_key(&clean_name(text));
        self.entries.iter().any(|e| e.key == key) || self.abbreviated(text).is_some()
    }

    /// The unit names in a cell: one a line, split further at ";", at list
    /// dashes and at a comma followed by a new unit's type word or by the
    /// abbreviation of a unit met before ("Các phòng KT, VP HĐND - UBND,
    /// TT HCC, VHXH"), but not at the commas inside one name ("Các cơ quan,
    /// đơn vị có liên quan", "Các DN Viễn thông, CNTT").
    pub fn split_names(&self, lines: &[String]) -> Vec<String> {
        let mut names = Vec::new();
        for line in lines {
            for part in line.split(';') {
                for piece in split_dash_list(part) {
                    self.split_commas(&piece, &mut names);
                }
            }
        }
        names
            .into_iter()
            .map(|n| clean_name(&n))
            .filter(|n| n.chars().any(char::is_alphabetic))
            .collect()
    }

    fn split_commas(&self, text: &str, out: &mut Vec<String>) {
        let mut current = String::new();
        for part in text.split(", ") {
            // ", các cơ quan …" begins another group of bodies; after a
            // unit named in full, what follows a comma is another unit
            // ("Phòng VHXH, doanh nghiệp").
            let plural = part.starts_with("các ");
            let after_unit =
                !current.is_empty() && starts_with_type_word(&current) && self.is_known(&current);
            // A part that names a unit met before in another spelling
            // ("VPHĐND - UBND" of "Văn phòng HĐND và UBND").
            let named = || {
                let short = short_key(part);
                short.len() >= 3 && self.entries.iter().any(|e| variant(&e.short, &short))
            };
            if !current.is_empty()
                && (starts_with_type_word(part)
                    || plural
                    || self.abbreviated(part).is_some()
                    || after_unit
                    || named())
            {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str(", ");
            }
            if current.is_empty() && out.last().is_some() {
                current.push_str(&super::words::capitalise(part));
            } else {
                current.push_str(part);
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
    }

    /// The id of a unit already met whose short form is `abbreviation`
    /// ("VHXH" of "Phòng Văn hóa - Xã hội"), or one letter off it.
    pub fn by_abbreviation(&mut self, abbreviation: &str) -> Option<(String, bool)> {
        let wanted = fold(abbreviation).replace([' ', '.', '-'], "");
        if wanted.len() < 2 {
            return None;
        }
        let exact = self
            .entries
            .iter()
            .position(|e| initials_after_type(&e.display()) == wanted);
        let (i, exact) = match exact {
            Some(i) => (i, true),
            None => (
                self.entries.iter().position(|e| {
                    let initials = initials_after_type(&e.display());
                    initials.len() >= 3 && distance(&initials, &wanted) == 1
                })?,
                false,
            ),
        };
        let entry = &mut self.entries[i];
        entry.abbreviation = Some(if exact {
            abbreviation.to_owned()
        } else {
            initials_after_type(&entry.display()).to_uppercase()
        });
        Some((entry.id.clone(), exact))
    }

    /// Marks unit `id` collective (`tap_the`) or not.
    pub fn set_collective(&mut self, id: &str, collective: bool) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.collective = Some(collective);
        }
    }

    /// Gives unit `id` its own duties (Markdown).
    pub fn set_duties(&mut self, id: &str, duties: String) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.duties = Some(duties);
        }
    }

    /// Puts the units named in `order` first, in that order.
    pub fn reorder(&mut self, order: &[String]) {
        let mut ordered = Vec::with_capacity(self.entries.len());
        for id in order {
            if let Some(i) = self.entries.iter().position(|e| e.id == *id) {
                ordered.push(self.entries.remove(i));
            }
        }
        ordered.append(&mut self.entries);
        self.entries = ordered;
    }

    /// The name a unit prints with.
    pub fn name(&self, id: &str) -> Option<String> {
        self.entries.iter().find(|e| e.id == id).map(Entry::display)
    }

    /// The ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.id.clone()).collect()
    }

    /// The `[[don_vi]]` entries with their final ids, the map from the
    /// provisional ids to them, and a warning for each merge of names.
    pub fn finish(self, report: &mut Report) -> (Vec<Unit>, HashMap<String, String>) {
        let mut units: Vec<Unit> = Vec::new();
        let mut ids = HashMap::new();
        for entry in self.entries {
            let name = entry.display();
            let base = base_id(&name);
            let base = if base.is_empty() {
                "don-vi".to_owned()
            } else {
                base
            };
            let mut id = base.clone();
            let mut n = 2;
            while units.iter().any(|u| u.id == id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            ids.insert(entry.id.clone(), id.clone());
            if entry.names.len() > 1 {
                let spellings: Vec<String> = entry
                    .names
                    .iter()
                    .map(|(n, _, _)| format!("\"{n}\""))
                    .collect();
                report.warning(
                    format!(
                        "gộp {} cách viết thành một đơn vị `{id}` \"{name}\": {}; nếu không phải một đơn vị, tách ra ở [[don_vi]]",
                        entry.names.len(),
                        spellings.join(", ")
                    ),
                    entry.names.get(1).and_then(|n| n.2),
                );
            }
            let collective = entry.collective.unwrap_or_else(|| looks_collective(&name));
            units.push(Unit {
                id,
                name,
                abbreviation: entry.abbreviation,
                collective,
                duties: entry.duties,
            });
        }
        (units, ids)
    }
}

impl Entry {
    /// The spelling to print: the most spelled out (fewest letters in
    /// abbreviations), then not a plural "Các …", then the most frequent,
    /// then the first met.
    fn display(&self) -> String {
        let rank = |(name, count, _): &(String, usize, Option<Origin>)| {
            let abbreviated: usize = name
                .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ',' | ';'))
                .filter(|w| is_abbreviation(w))
                .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
                .sum();
            (
                abbreviated,
                name.starts_with("Các "),
                std::cmp::Reverse(*count),
            )
        };
        let mut best = &self.names[0];
        for candidate in &self.names[1..] {
            if rank(candidate) < rank(best) {
                best = candidate;
            }
        }
        best.0.clone()
    }
}

/// A name as met, tidied: spaces, a final ";" or "." or ":".
fn clean_name(name: &str) -> String {
    let name = squash(name);
    let name = name.trim_start_matches(['-', '+', '•', '*']).trim();
    name.trim_end_matches([';', ',', '.', ':'])
        .trim()
        .to_owned()
}

/// Spellings that differ only in case, spaces, dashes and a final "xã"
/// share this key.
fn exact_key(name: &str) -> String {
    let folded = fold(name).replace(['–', '-', '&'], " ");
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.as_slice() {
        [rest @ .., "xa"] if rest.len() > 1 => rest,
        all => all,
    };
    let words = match words {
        ["cac", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    words.join(" ")
}

/// A word written as an abbreviation: two or more capitals ("VHXH",
/// "HĐND&UBND", "KT").
pub fn is_abbreviation(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The short form of a name: initials of its words, abbreviations kept
/// whole ("Phòng Văn hóa - Xã hội" and "Phòng VH - XH" are both "pvhxh");
/// a leading "Các" and a final "xã" do not count.
fn short_key(name: &str) -> String {
    let mut out = String::new();
    let words: Vec<&str> = name
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '&' | ',' | ';' | '/' | '(' | ')')
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = words.as_slice();
    if let [first, rest @ ..] = words
        && fold(first) == "cac"
        && !rest.is_empty()
    {
        words = rest;
    }
    if let [rest @ .., last] = words
        && fold(last) == "xa"
        && rest.len() > 1
    {
        words = rest;
    }
    for word in words {
        if fold(word) == "va" {
            continue;
        }
        if is_abbreviation(word) {
            out.push_str(&fold(word));
        } else if let Some(c) = word.chars().next() {
            out.push_str(&fold(&c.to_string()));
        }
    }
    out
}

/// Whether two short forms name one unit: equal, or one letter apart when
/// both are long enough that a slip is likelier than another office.
fn variant(a: &str, b: &str) -> bool {
    if a == b
        || (a.len() >= 5
            && b.len() >= 5
            && a.chars().next() == b.chars().next()
            && distance(a, b) == 1)
    {
        return true;
    }
    // "Trung tâm HCC" of "Trung tâm Phục vụ hành chính công": the same
    // type and the short form's rest the end of the long form's.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5
        && short.len() < long.len()
        && short[..2] == long[..2]
        && long.ends_with(&short[2..])
}

/// Initials of a name after its type word ("Phòng Văn hóa - Xã hội" →
/// "vhxh"), as the "Lưu: VT, …" line abbreviates the drafting office.
fn initials_after_type(name: &str) -> String {
    let key = short_key(name);
    let folded = fold(name);
    if folded.starts_with("phong ") {
        key.chars().skip(1).collect()
    } else {
        key
    }
}

/// An id for a unit: the words' slug for short names ("Công an xã" →
/// "cong-an", "Phòng Kinh tế" → "kinh-te"), initials for the long names of
/// offices ("Phòng Văn hóa - Xã hội" → "vhxh", "Trung tâm Phục vụ hành
/// chính công" → "ttpvhcc"), the first words' slug for other long names
/// ("Các doanh nghiệp viễn thông …" → "doanh-nghiep-vien-thong").
fn base_id(name: &str) -> String {
    let head = name.split([':', '(']).next().unwrap_or(name).trim();
    let folded = fold(head);
    let head = if folded.starts_with("phong ") {
        head.split_once(' ').map_or(head, |(_, rest)| rest)
    } else {
        head
    };
    let words: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    let mut words: Vec<&str> = match words.as_slice() {
        [rest @ .., last] if fold(last) == "xa" && !rest.is_empty() => rest.to_vec(),
        all => all.to_vec(),
    };
    if words.len() > 1 && fold(words[0]) == "cac" {
        words.remove(0);
    }
    let office = ["phong ", "trung tam", "van phong", "ban ", "uy ban"]
        .iter()
        .any(|t| folded.starts_with(t));
    let id = if words.len() <= 3 {
        slug(&words.join(" "))
    } else if office {
        short_key(&words.join(" "))
    } else {
        slug(&words[..4].join(" "))
    };
    id.chars()
        .take(30)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A name that speaks of many bodies at once ("Các cơ quan, đơn vị có
/// liên quan") rather than one office.
fn looks_collective(name: &str) -> bool {
    let folded = fold(name);
    folded.contains("lien quan")
        || (folded.starts_with("cac ") && name.contains(','))
        || folded.starts_with("cac phong, ban")
}

/// "- A - B": a list typed in one cell; a " - " splits it only where a
/// new unit begins ("Các …" or a type word), since " - " is also inside
/// names ("Phòng Văn hóa - Xã hội", "VP HĐND - UBND").
fn split_dash_list(piece: &str) -> Vec<String> {
    let piece = piece.trim();
    let Some(list) = piece.strip_prefix("- ") else {
        return vec![piece.to_owned()];
    };
    let mut out: Vec<String> = Vec::new();
    for part in list.split(" - ") {
        let new_item = part.starts_with("Các ") || starts_with_type_word(part);
        match out.last_mut() {
            Some(last) if !new_item => {
                last.push_str(" - ");
                last.push_str(part);
            }
            _ => out.push(part.to_owned()),
        }
    }
    out
}

fn starts_with_type_word(part: &str) -> bool {
    TYPE_WORDS.iter().any(|t| {
        part.starts_with(t)
            && part[t.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_office_merge_and_are_reported() {
        let mut units = Units::default();
        let a = units.id("Phòng VHXXH", None);
        let b = units.id("Phòng VHXX", None);
        let c = units.id("Phòng Văn hóa - Xã hội", None);
        let d = units.id("Phòng VH - XH", None);
        assert_eq!([&a, &b, &c], [&d, &d, &d]);
        let k = units.id("Phòng Kinh tế", None);
        assert_ne!(k, a);
        assert_eq!(units.id("Phòng kinh tế", None), k);
        assert_eq!(units.id("Các phòng KT", None), k);
        let mut report = Report::default();
        let done = units.finish(&mut report);
        assert_eq!(done.0.len(), 2);
        assert_eq!(done.0[0].name, "Phòng Văn hóa - Xã hội");
        assert_eq!(done.0[0].id, "vhxh");
        assert_eq!(done.1[&a], "vhxh");
        assert_eq!(done.0[1].id, "kinh-te");
        let warning = &report.items[0].message;
        assert!(
            warning.contains("\"Phòng VHXXH\"")
                && warning.contains("\"Phòng VHXX\"")
                && warning.contains("\"Phòng Văn hóa - Xã hội\""),
            "{warning}"
        );
    }

    #[test]
    fn different_offices_stay_apart() {
        let mut units = Units::default();
        let a = units.id("Trung tâm Phục vụ hành chính công", None);
        let b = units.id("Trung tâm Cung ứng dịch vụ công", None);
        let c = units.id("Trung tâm phục vụ hành chính công xã", None);
        assert_ne!(a, b);
        assert_eq!(a, c);
        let police = units.id("Công an xã", None);
        assert_ne!(units.id("Trạm Y tế", None), police);
        let (done, ids) = units.finish(&mut Report::default());
        assert_eq!(ids[&a], "ttpvhcc");
        assert_eq!(ids[&police], "cong-an");
        assert_eq!(done.len(), 4);
    }

    #[test]
    fn a_cell_splits_into_the_units_it_names() {
        let mut units = Units::default();
        units.id("Phòng VH - XH", None);
        let names = |lines: &[&str]| {
            units.split_names(&lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            names(&["Các phòng KT, VP HĐND - UBND, TT HCC"]),
            ["Các phòng KT", "VP HĐND - UBND", "TT HCC"]
        );
        assert_eq!(
            names(&["Các phòng KT, TT HCC, VHXH"]),
            ["Các phòng KT", "TT HCC", "VHXH"]
        );
        assert_eq!(
            names(&["Các DN Viễn thông, CNTT"]),
            ["Các DN Viễn thông, CNTT"]
        );
        assert_eq!(
            names(&["Trạm Y tế; Các cơ quan, đơn vị có liên quan"]),
            ["Trạm Y tế", "Các cơ quan, đơn vị có liên quan"]
        );
        assert_eq!(
            names(&["Các doanh nghiệp Viễn thông trên địa bàn: VNPT, Viettel, mobifone"]),
            ["Các doanh nghiệp Viễn thông trên địa bàn: VNPT, Viettel, mobifone"]
        );
        assert_eq!(
            names(&["Phòng Văn hóa - Xã hội", "Trung tâm Cung ứng dịch vụ công"]).len(),
            2
        );
        assert_eq!(
            names(&["- Các phòng, ban, ngành; - Các DN Viễn thông, CNTT"]),
            ["Các phòng, ban, ngành", "Các DN Viễn thông, CNTT"]
        );
        assert_eq!(
            names(&["- Các phòng, ban, ngành - Các DN Viễn thông"]),
            ["Các phòng, ban, ngành", "Các DN Viễn thông"]
        );
    }

    #[test]
    fn the_drafting_office_is_found_by_its_abbreviation() {
        let mut units = Units::default();
        let id = units.id("Phòng Văn hóa - Xã hội", None);
        assert_eq!(units.by_abbreviation("VHXH"), Some((id.clone(), true)));
        assert_eq!(units.by_abbreviation("VHXXH"), Some((id, false)));
        assert_eq!(units.by_abbreviation("TCKH"), None);
    }
}
