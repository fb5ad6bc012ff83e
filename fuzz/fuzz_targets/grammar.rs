//! A recipe of bytes → the TOML text of a plan that passes `check` in most
//! cases, so the fuzzer reaches `compose` and both writers: Markdown nested
//! up to and past the list-depth bound (lists, quotes, emphasis, code, links),
//! long names and words, many units, tasks and table rows, and every kind of
//! appendix. Each byte is one choice; a recipe that runs out reads zeros.

/// Reads the recipe one choice at a time.
struct Recipe<'a> {
    bytes: &'a [u8],
}

impl Recipe<'_> {
    fn byte(&mut self) -> u8 {
        let Some((&b, rest)) = self.bytes.split_first() else {
            return 0;
        };
        self.bytes = rest;
        b
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }
}

/// Words with Vietnamese letters and the characters typst, Markdown and XML
/// treat specially.
const WORDS: &[&str] = &[
    "Ủy ban",
    "nhân dân",
    "xã",
    "đường",
    "#set",
    "$x$",
    "<b>",
    "&amp;",
    "\\",
    "]",
    "@ref",
    "*",
    "_",
    "`",
    "~",
    "ỹ̃",
    "\u{200b}",
    "'\"",
    "1.",
    "|",
    "Tổng",
];

/// A string as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text: a few words, sometimes one very long word or a long repeated run.
fn words(r: &mut Recipe) -> String {
    let mut out = String::new();
    for _ in 0..1 + r.below(6) {
        match r.below(8) {
            0 => out.push_str(&"ư".repeat(1 + r.below(256) * 16)),
            1 => out.push_str(&"Nội dung dài ".repeat(1 + r.below(128) * 8)),
            _ => out.push_str(WORDS[r.below(WORDS.len())]),
        }
        out.push(' ');
    }
    out.trim_end().to_owned()
}

/// Markdown: lines whose prefixes nest lists, quotes and emphasis, at a
/// depth the recipe chooses (to hundreds of levels, past `check`'s bound).
fn markdown(r: &mut Recipe) -> String {
    let mut out = String::new();
    for _ in 0..1 + r.below(8) {
        let depth = match r.below(4) {
            0 => r.below(256) * 4,
            _ => r.below(12),
        };
        let mut line = String::new();
        for level in 0..depth {
            match r.below(6) {
                0 => line.push_str("- "),
                1 => line.push_str("1. "),
                2 => line.push_str("> "),
                // An indented list item: nesting by indentation.
                3 => {
                    line.push('\n');
                    line.push_str(&"  ".repeat(level.min(64)));
                    line.push_str("- ");
                }
                4 => line.push('*'),
                _ => line.push_str("**"),
            }
        }
        line.push_str(&words(r));
        match r.below(5) {
            0 => line.push_str(" `mã`"),
            1 => line.push_str(" [liên kết](https://example.vn)"),
            2 => line.push_str("\n\n"),
            _ => {}
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The plan text of a recipe.
pub fn plan(bytes: &[u8]) -> String {
    let r = &mut Recipe { bytes };
    // Sizes first, so a short recipe still chooses them (then zeros follow:
    // one unit, task and indicator, every appendix).
    let units = 1 + match r.below(4) {
        1 => r.below(256) * 4,
        _ => r.below(8),
    };
    let tasks = 1 + match r.below(4) {
        1 => r.below(256) * 8,
        _ => r.below(8),
    };
    let indicators = 1 + match r.below(4) {
        1 => r.below(256) * 4,
        _ => r.below(8),
    };
    // Top-level keys first: after a table header they would belong to it.
    let mut t = String::new();
    if r.below(2) == 1 {
        t += &format!("mo_dau = {}\n", toml_string(&markdown(r)));
    }
    if r.below(2) == 1 {
        t += &format!("ket_luan = {}\n", toml_string(&markdown(r)));
    }
    t += "[van_ban]\nloai = \"chi-tieu\"\nxa = \"Quảng Ngọc\"\nky_hieu = \"KH-UBND\"\n\
         nam = 2026\ntrich_yeu = \"Thực hiện nhiệm vụ năm 2026\"\n\n\
         [nguoi_ky]\nquyen_han = \"TM\"\nchuc_vu = \"CHỦ TỊCH\"\nho_ten = \"Lê Văn Trường\"\n";
    for i in 0..units {
        t += &format!(
            "\n[[don_vi]]\nid = \"dv-{i}\"\nten = {}\n",
            toml_string(&words(r))
        );
    }
    for _ in 0..1 + r.below(4) {
        t += &format!(
            "\n[[phan]]\ntieu_de = {}\nnoi_dung = {}\n",
            toml_string(&words(r)),
            toml_string(&markdown(r))
        );
    }
    for i in 0..tasks {
        t += &format!(
            "\n[[nhiem_vu]]\nten = {}\nchu_tri = \"dv-{}\"\nphoi_hop = [\"dv-{}\"]\nkinh_phi = {}.{}\n",
            toml_string(&words(r)),
            i % units,
            (i + 1) % units,
            u32::from(r.byte()) * u32::from(r.byte()) * u32::from(r.byte()),
            r.byte(),
        );
        if r.below(4) == 0 {
            t += &format!(
                "ket_qua = {}\nthoi_gian = {}\n",
                toml_string(&words(r)),
                toml_string(&words(r))
            );
        }
        // Sub-tasks, one level deeper each, up to and past the bound.
        let mut header = String::from("nhiem_vu");
        for _ in 0..r.below(7) {
            header += ".con";
            t += &format!(
                "\n[[{header}]]\nten = {}\nchu_tri = \"dv-0\"\n",
                toml_string(&words(r))
            );
        }
    }
    for i in 0..indicators {
        t += &format!(
            "\n[[chi_tieu]]\nid = \"ct-{i}\"\nten = {}\nchu_tri = \"dv-{}\"\nchi_tieu_giao = {{ ty_le = {} }}\n",
            toml_string(&words(r)),
            i % units,
            r.below(101),
        );
        if r.below(2) == 0 {
            t += "moc = [\n";
            for year in 0..1 + r.below(6) {
                t += &format!(
                    "  {{ nam = {}, gia_tri = {{ toi_thieu = {} }}, ghi_chu = {} }},\n",
                    2026 + year * 5,
                    r.below(101),
                    toml_string(&words(r)),
                );
            }
            t += "]\n";
        }
    }
    for (i, kind) in ["kinh-phi", "nhiem-vu", "can-bo", "moc", "chi-tieu"]
        .iter()
        .enumerate()
    {
        if r.below(3) == 1 {
            continue;
        }
        t += &format!(
            "\n[[phu_luc]]\nid = \"pl-{i}\"\nloai = \"{kind}\"\nten = {}\n",
            toml_string(&words(r))
        );
        if *kind == "can-bo" {
            t += &format!("dong_trong = {}\n", r.below(30));
        }
    }
    t
}
