//! The editor (`kehoach xem`) as a clerk uses it, in headless Chromium
//! through WebDriver: a plan made and written only through the page,
//! pasted rows, Vietnamese numbers and typing, problems at their fields,
//! every key a field, two editors at once. Screenshots go to target/.

use std::time::Duration;

use crate::common;
use crate::preview_support::browser::Browser;
use crate::preview_support::{self, Preview};
use serde_json::json;

tests! {
    a_co_ban_plan_is_made_and_written_only_through_the_page needs Chromium, Chromedriver, Pdftotext;
    the_editor_at_both_sizes needs Chromium, Chromedriver;
    a_chi_tieu_plan_takes_pasted_rows_vietnamese_numbers_and_shows_unit_problems_at_the_field needs Chromium, Chromedriver;
    vietnamese_typed_as_unikey_and_input_methods_send_it_loses_nothing needs Chromium, Chromedriver;
    a_change_on_disk_during_unsaved_edits_is_shown_not_overwritten needs Chromium, Chromedriver;
    every_key_path_of_every_plan_is_a_field needs Chromium, Chromedriver;
    last_years_word_plan_is_imported_from_the_start_page needs Chromium, Chromedriver;
}

/// Waits until the editor has built its form and shown the first render.
pub fn wait_ready(browser: &Browser) {
    browser.wait_for(
        "the editor ready",
        "return document.body.dataset.san === '1' && Number(document.body.dataset.ban || 0) > 0;",
        |v| v == &json!(true),
    );
}

/// Waits until the start page has listed the folder and the kinds.
fn wait_start_page(browser: &Browser) {
    browser.wait_for(
        "the start page",
        "return document.body.dataset.san === '1';",
        |v| v == &json!(true),
    );
}

/// Waits until every edit is written.
pub fn wait_saved(browser: &Browser) {
    browser.wait_for(
        "every edit saved",
        "return document.getElementById('luu').textContent;",
        |v| v.as_str() == Some("Đã lưu"),
    );
}

/// The editor of a copy of `plans/<bundled>` in a 1366×768 Chromium,
/// ready.
fn open_editor(bundled: &str) -> (Preview, Browser) {
    let preview = Preview::start(bundled);
    let browser = Browser::sized(1366, 768);
    browser.open(&preview.url);
    wait_ready(&browser);
    (preview, browser)
}

fn css_key(key: &str) -> String {
    format!("[data-key=\"{key}\"]")
}

/// Replaces the text of `key`'s field as a clerk does: select all, type.
pub fn retype(browser: &Browser, key: &str, text: &str) {
    browser.type_into(&css_key(key), &format!("\u{E009}a\u{E000}{text}"));
}

/// The file, once `done` holds for it.
pub fn wait_file(path: &std::path::Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if done(&text) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: the file is still\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

const PAGE_TEXT: &str = "return Array.from(document.querySelectorAll('#trang .trang')).map(p => p.textContent).join(' ');";

/// Waits until the pages' text shows `wanted`.
fn wait_pages(browser: &Browser, wanted: &str) {
    browser.wait_for(&format!("the pages show {wanted:?}"), PAGE_TEXT, |v| {
        v.as_str().is_some_and(|t| t.contains(wanted))
    });
}

fn a_co_ban_plan_is_made_and_written_only_through_the_page() {
    let preview = Preview::start_page();
    let browser = Browser::sized(1366, 768);
    browser.open(&preview.url);
    wait_start_page(&browser);
    browser.screenshot("editor-start-1366x768.png");
    browser.click("input[name=loai][value=co-ban]");
    browser.type_into("#xa", "Hòa Bình");
    browser.type_into("#tinh", "Thanh Hóa");
    browser.type_into("#nam", "\u{E009}a\u{E000}2027");
    browser.click("#tao-nut");
    wait_ready(&browser);
    let plan = preview.dir.path().join("plans/hoa-binh-2027.toml");
    assert!(plan.is_file(), "the plan is made where kehoach new puts it");

    retype(
        &browser,
        "van_ban.trich_yeu",
        "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2027",
    );
    retype(
        &browser,
        "can_cu[1]",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025",
    );
    browser.click("[data-them=\"can_cu\"]");
    retype(
        &browser,
        "can_cu[2]",
        "Căn cứ Kế hoạch số 12/KH-MTTQ ngày 05/3/2027",
    );
    browser.click("[data-them=\"can_cu\"]");
    retype(
        &browser,
        "can_cu[3]",
        "Căn cứ tình hình thực tế của địa phương",
    );
    for (i, (heading, bold, bullet)) in [
        (
            "Mục đích",
            "khối đại đoàn kết",
            "Phát huy truyền thống đoàn kết",
        ),
        (
            "Thời gian, địa điểm",
            "ngày 18/11/2027",
            "Tại nhà văn hóa các thôn",
        ),
        (
            "Phân công",
            "Phòng Văn hóa - Xã hội",
            "Các thôn chuẩn bị địa điểm",
        ),
    ]
    .iter()
    .enumerate()
    {
        let key = format!("phan[{}].noi_dung", i + 1);
        let area = css_key(&key);
        retype(&browser, &key, &format!("# {heading}\nTăng cường "));
        // The toolbar: bold around what is typed next, a bullet on a line.
        browser.click(&format!(
            "[data-key=\"phan[{}]\"] .cong-cu button[title^=\"Chữ đậm\"]",
            i + 1
        ));
        browser.type_into(&area, &format!("{bold}\u{E010}.\n{bullet}"));
        browser.click(&format!(
            "[data-key=\"phan[{}]\"] .cong-cu button[title=\"Gạch đầu dòng\"]",
            i + 1
        ));
    }
    retype(&browser, "nguoi_ky.ho_ten", "Trần Thị Lan");
    retype(&browser, "noi_nhan[1].ten", "TTr: Đảng ủy, HĐND xã");
    browser.click("[data-them=\"noi_nhan\"]");
    retype(
        &browser,
        "noi_nhan[3].ten",
        "Ban Công tác Mặt trận các thôn",
    );
    wait_saved(&browser);
    wait_pages(&browser, "Ban Công tác Mặt trận các thôn");
    browser.screenshot("editor-co-ban-1366x768.png");

    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("Tăng cường **khối đại đoàn kết**.\n- Phát huy truyền thống đoàn kết"),
        "{text}"
    );
    let out = common::kehoach(&["check", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("hợp lệ"));
    assert!(
        !stderr.contains("chưa điền"),
        "every placeholder was filled: {stderr}"
    );
    let (_out, made) = common::render(&plan, &["--format", "pdf", "--parts", "ke-hoach"]);
    let pdf = common::normalise(&common::pdf_text(&made.join("ke-hoach.pdf"), None));
    for typed in [
        "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2027",
        "Căn cứ Kế hoạch số 12/KH-MTTQ ngày 05/3/2027",
        "Tăng cường khối đại đoàn kết",
        "- Phát huy truyền thống đoàn kết",
        "Trần Thị Lan",
        "Ban Công tác Mặt trận các thôn",
    ] {
        assert!(pdf.contains(typed), "{typed:?} not in the PDF:\n{pdf}");
    }
}

fn the_editor_at_both_sizes() {
    let preview = Preview::start("quang-ngoc-2026.toml");
    for (w, h) in [(1366, 768), (1920, 1080)] {
        let browser = Browser::sized(w, h);
        browser.open(&preview.url);
        wait_ready(&browser);
        browser.wait_for(
            "the first page drawn",
            "const img = document.querySelector('#trang .trang > img'); return !!img && img.complete && img.naturalWidth > 300;",
            |v| v == &json!(true),
        );
        std::thread::sleep(Duration::from_millis(300));
        browser.screenshot(&format!("editor-{w}x{h}.png"));
        browser.script(
            "document.querySelector('[data-key=\"chi_tieu\"]').scrollIntoView(); return null;",
        );
        browser.screenshot(&format!("editor-grid-{w}x{h}.png"));
    }
}

/// Pastes `text` into the element matching `css` as the clipboard would.
fn paste(browser: &Browser, css: &str, text: &str) {
    browser.script_with(
        "const el = document.querySelector(arguments[0]); el.focus();
         const data = new DataTransfer(); data.setData('text/plain', arguments[1]);
         el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
         return null;",
        json!([css, text]),
    );
}

/// The problem notes shown at the field of `key`.
fn notes_at(browser: &Browser, key: &str) -> String {
    browser
        .script_with(
            "const el = document.querySelector(`[data-key=\"${arguments[0]}\"]`);
             const box = el && (el.closest('.o, td, .muc') || el);
             return box ? Array.from(box.querySelectorAll('.loi-o')).map(n => n.textContent).join(' | ') : null;",
            json!([key]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn a_chi_tieu_plan_takes_pasted_rows_vietnamese_numbers_and_shows_unit_problems_at_the_field() {
    let (preview, browser) = open_editor("quang-ngoc-2026.toml");
    let count = |text: &str| -> usize {
        let plan: toml::Value = toml::from_str(text).unwrap();
        plan["chi_tieu"].as_array().unwrap().len()
    };
    let before = count(&std::fs::read_to_string(&preview.plan).unwrap());

    // A 5-row block from a spreadsheet, pasted into the name cell of a new
    // row: names, units of measure, targets and leading units (by name).
    browser.click("[data-them=\"chi_tieu\"]");
    let first = before + 1;
    let block = "Tỷ lệ thôn có loa truyền thanh thông minh\t%\t95,5%\tPhòng Văn hóa - Xã hội\n\
                 Số mô hình chuyển đổi số tiêu biểu\tmô hình\t2 mô hình\tPhòng Kinh tế\n\
                 Tỷ lệ hộ dùng ví điện tử\t%\t≥ 60%\tvhxh\n\
                 Số lớp bình dân học vụ số\tlớp\t3-4 lớp\tPhòng Văn hóa - Xã hội\n\
                 Xây dựng thôn thông minh\t\tKhuyến khích\tPhòng Kinh tế\n";
    paste(&browser, &css_key(&format!("chi_tieu[{first}].ten")), block);
    wait_saved(&browser);
    let text = wait_file(&preview.plan, "five indicators", |t| count(t) == before + 5);
    let plan: toml::Value = toml::from_str(&text).unwrap();
    let added = &plan["chi_tieu"].as_array().unwrap()[before..];
    let names: Vec<&str> = added.iter().map(|c| c["ten"].as_str().unwrap()).collect();
    assert_eq!(names[0], "Tỷ lệ thôn có loa truyền thanh thông minh");
    assert_eq!(names[4], "Xây dựng thôn thông minh");
    assert_eq!(added[0]["chi_tieu_giao"]["ty_le"].as_float(), Some(95.5));
    assert_eq!(added[1]["chi_tieu_giao"]["so"].as_integer(), Some(2));
    assert_eq!(
        added[2]["chi_tieu_giao"]["toi_thieu"].as_integer(),
        Some(60)
    );
    assert_eq!(added[3]["chi_tieu_giao"]["den"].as_integer(), Some(4));
    assert_eq!(
        added[4]["chi_tieu_giao"]["chu"].as_str(),
        Some("Khuyến khích")
    );
    assert_eq!(
        added[1]["chu_tri"].as_str(),
        Some("kinh-te"),
        "a unit pasted by its name"
    );
    assert!(
        added
            .iter()
            .all(|c| c["id"].as_str().is_some_and(|id| !id.is_empty()))
    );
    wait_pages(&browser, "Tỷ lệ thôn có loa truyền thanh thông minh");

    // A target typed the Vietnamese way.
    retype(&browser, "chi_tieu[1].chi_tieu_giao.ty_le", "35,4");
    wait_saved(&browser);
    wait_file(&preview.plan, "35.4 saved", |t| {
        t.contains("chi_tieu_giao = { ty_le = 35.4 }")
    });
    wait_pages(&browser, "35,4%");

    // The unit that leads an indicator is removed: the problem is at that
    // indicator's field; another unit chosen there clears it.
    let led: String = browser
        .script("return Array.from(document.querySelectorAll('select[data-key$=\".chu_tri\"]')).find(s => s.value === 'cong-an').dataset.key;")
        .as_str()
        .unwrap()
        .to_owned();
    let unit = browser
        .script("return Array.from(document.querySelectorAll('input[data-key^=\"don_vi[\"][data-key$=\".id\"]')).find(i => i.value === 'cong-an').dataset.key;")
        .as_str()
        .unwrap()
        .replace(".id", "");
    browser.press_on(&format!("tr[data-key=\"{unit}\"] button.xoa"), "\u{E007}");
    wait_saved(&browser);
    browser.wait_for(
        "the problem at the indicator's field",
        "return document.querySelectorAll('.loi-o').length;",
        |v| v.as_u64() > Some(0),
    );
    let shown = notes_at(&browser, &led);
    assert!(shown.contains("cong-an"), "{led}: {shown:?}");
    browser.script(
        "document.querySelector('.co-loi').scrollIntoView({block: 'center'}); return null;",
    );
    browser.screenshot("editor-problem-1366x768.png");
    // Clicking the problem in the list brings its field up (opening the
    // row's details where it sits), with the cursor in it.
    browser.click(&format!("#van-de .den-o[data-key=\"{led}\"]"));
    browser.wait_for(
        "the field focused",
        "return document.activeElement.dataset.key || null;",
        |v| v.as_str() == Some(led.as_str()),
    );
    // Chosen with the keyboard: typing a name in a select picks it.
    browser.type_into(&format!("select[data-key=\"{led}\"]"), "Phòng Văn hóa");
    wait_saved(&browser);
    browser.wait_for("the problem gone from that field", &format!("return document.querySelector('[data-key=\"{led}\"]').closest('td').querySelectorAll('.loi-o').length;"), |v| v.as_u64() == Some(0));
    assert!(
        std::fs::read_to_string(&preview.plan)
            .unwrap()
            .contains("chu_tri = \"vhxh\"")
    );
}

fn vietnamese_typed_as_unikey_and_input_methods_send_it_loses_nothing() {
    let (preview, browser) = open_editor("quang-ngoc-2026.toml");
    let field = css_key("nguoi_ky.ho_ten");
    // The field must stay the same element (never built again under the
    // cursor) while edits are saved and pages rendered between keys.
    browser.script_with(
        "document.querySelector(arguments[0]).dataset.goc = '1'; return null;",
        json!([field]),
    );
    // Unikey (Telex) for "Nguyễn Việt": each tone or mark is a Backspace
    // and the replacement letter, sent as keys.
    let backspace = "\u{E003}";
    browser.type_into(&field, "\u{E009}a\u{E000}");
    for keys in [
        "Nguy".to_owned(),
        "e".to_owned(),
        format!("{backspace}ê"),
        "n".to_owned(),
        format!("{backspace}{backspace}ễn"),
        " Vi".to_owned(),
        "e".to_owned(),
        format!("{backspace}ê"),
        "t".to_owned(),
        format!("{backspace}{backspace}ệt"),
    ] {
        browser.type_into(&field, &keys);
    }
    wait_saved(&browser);
    wait_file(&preview.plan, "the Telex typing", |t| {
        t.contains("ho_ten = \"Nguyễn Việt\"")
    });
    let value = browser.script_with(
        "return document.querySelector(arguments[0]).value;",
        json!([field]),
    );
    assert_eq!(value, json!("Nguyễn Việt"));

    // A system input method: composition events, then the committed text
    // (after a pause: a new undo step).
    std::thread::sleep(Duration::from_millis(1200));
    browser.type_into(&field, " ");
    for (text, at) in [
        ("H", 1),
        ("Hu", 2),
        ("Hư", 2),
        ("Hươ", 3),
        ("Hươn", 4),
        ("Hương", 5),
    ] {
        browser.cdp(
            "Input.imeSetComposition",
            json!({"text": text, "selectionStart": at, "selectionEnd": at}),
        );
    }
    browser.cdp("Input.insertText", json!({"text": "Hương"}));
    wait_saved(&browser);
    let text = wait_file(&preview.plan, "the composed word", |t| {
        t.contains("ho_ten = \"Nguyễn Việt Hương\"")
    });
    assert!(!text.contains("Nguyễn Việt H\"") && !text.contains("Hư\""));
    let (value, same) = (
        browser.script_with(
            "return document.querySelector(arguments[0]).value;",
            json!([field]),
        ),
        browser.script_with(
            "return document.querySelector(arguments[0]).dataset.goc === '1';",
            json!([field]),
        ),
    );
    assert_eq!(value, json!("Nguyễn Việt Hương"));
    assert_eq!(
        same,
        json!(true),
        "the field was never built again under the cursor"
    );
    wait_pages(&browser, "Nguyễn Việt Hương");

    // Undo and redo are the page's: Ctrl+Z takes the composed word back
    // out of the file, Ctrl+Y puts it in again.
    browser.keys(&["\u{E009}", "z"]);
    wait_file(&preview.plan, "undone", |t| {
        t.contains("ho_ten = \"Nguyễn Việt\"")
    });
    browser.keys(&["\u{E009}", "y"]);
    wait_file(&preview.plan, "redone", |t| {
        t.contains("ho_ten = \"Nguyễn Việt Hương\"")
    });
}

fn a_change_on_disk_during_unsaved_edits_is_shown_not_overwritten() {
    let (preview, browser) = open_editor("quang-ngoc-2026.toml");
    let original = std::fs::read_to_string(&preview.plan).unwrap();

    // A change on disk while the page has none pending: the form follows.
    let outside = original.replacen("ho_ten = \"Lê Văn Trường\"", "ho_ten = \"Lê Văn Tám\"", 1);
    assert_ne!(outside, original, "the signer's name is in the plan");
    std::fs::write(&preview.plan, &outside).unwrap();
    browser.wait_for(
        "the form follows the disk",
        &format!(
            "return document.querySelector('{}').value;",
            css_key("nguoi_ky.ho_ten")
        ),
        |v| v == &json!("Lê Văn Tám"),
    );

    // kehoach is held (as if busy) while the clerk types, and another
    // editor saves meanwhile: the page's edit reaches a newer file.
    let pid = preview.child.id().to_string();
    let signal = |name: &str| {
        assert!(
            std::process::Command::new("kill")
                .args([name, &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    signal("-STOP");
    retype(&browser, "van_ban.trich_yeu", "Trích yếu gõ trong trang");
    let newer = outside.replacen("ky_hieu = \"KH-UBND\"", "ky_hieu = \"KH-UBND-VS\"", 1);
    std::fs::write(&preview.plan, &newer).unwrap();
    signal("-CONT");
    browser.wait_for(
        "the conflict shown",
        "return !document.getElementById('xung-dot').hidden;",
        |v| v == &json!(true),
    );
    let listed = browser.script("return document.getElementById('xung-dot-sua').textContent;");
    assert!(
        listed
            .as_str()
            .unwrap()
            .contains("Trích yếu gõ trong trang"),
        "{listed}"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        std::fs::read_to_string(&preview.plan).unwrap(),
        newer,
        "the newer file is not overwritten"
    );
    browser.screenshot("editor-conflict-1366x768.png");
    // The page warns before it is closed with the edit unsaved.
    let warns = browser.script("const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;");
    assert_eq!(warns, json!(true));

    // The clerk puts their edit onto the newer file: both changes kept.
    browser.click("#ap-len");
    wait_saved(&browser);
    let both = wait_file(&preview.plan, "both changes", |t| {
        t.contains("Trích yếu gõ trong trang")
    });
    assert!(both.contains("ky_hieu = \"KH-UBND-VS\"") && both.contains("Lê Văn Tám"));
    let changed = newer
        .lines()
        .zip(both.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1);
}

/// Every key path a plan's values and its tables' schema name: what the
/// form must have a `data-key` element (or an add control) for.
fn expected_keys(
    schema: &serde_json::Value,
    node: &serde_json::Value,
    path: &str,
    value: Option<&serde_json::Value>,
    out: &mut Vec<String>,
) {
    let node = resolve(schema, node);
    if !path.is_empty() {
        out.push(path.to_owned());
    }
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    if let Some(props) = node.get("properties").and_then(|p| p.as_object())
        && node.get("x-kehoach-definition-target").is_none()
        && !is_target(&node)
    {
        for (key, child) in props {
            expected_keys(
                schema,
                child,
                &join(key),
                value.and_then(|v| v.get(key)),
                out,
            );
        }
        return;
    }
    if let (Some(items), Some(list)) = (node.get("items"), value.and_then(|v| v.as_array())) {
        for (i, item) in list.iter().enumerate() {
            expected_keys(
                schema,
                items,
                &format!("{path}[{}]", i + 1),
                Some(item),
                out,
            );
        }
    }
    if let (Some(map), true) = (
        value.and_then(|v| v.as_object()),
        node.get("additionalProperties").is_some(),
    ) {
        for key in map.keys() {
            out.push(join(key));
        }
    }
}

fn is_target(node: &serde_json::Value) -> bool {
    node.get("oneOf").is_some()
}

fn resolve(schema: &serde_json::Value, node: &serde_json::Value) -> serde_json::Value {
    let inner = node.get("allOf").and_then(|a| a.get(0)).unwrap_or(node);
    match inner.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => schema["definitions"][r.rsplit('/').next().unwrap()].clone(),
        None => node.clone(),
    }
}

fn every_key_path_of_every_plan_is_a_field() {
    let browser = Browser::sized(1366, 768);
    let mut plans: Vec<String> = std::fs::read_dir(common::root().join("plans"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    plans.sort();
    let mut checked = 0;
    for name in &plans {
        let preview = Preview::start_with(&[name, "quang-ngoc-2026.toml"]);
        browser.open(&preview.url);
        wait_ready(&browser);
        let host = format!("127.0.0.1:{}", preview.port);
        let fetch = |rest: &str| -> serde_json::Value {
            let (status, body) =
                preview_support::get(preview.port, &format!("/{}/{rest}", preview.token), &host);
            assert_eq!(status, 200, "{rest}");
            serde_json::from_slice(&body).unwrap()
        };
        let schema = fetch("luoc-do");
        let data = fetch("tep")["du_lieu"].clone();
        let mut keys = Vec::new();
        expected_keys(&schema, &schema, "", Some(&data), &mut keys);
        let missing = browser.script_with(
            "return arguments[0].filter(k => !document.querySelector(`[data-key=\"${k}\"], [data-them=\"${k}\"]`));",
            json!([keys]),
        );
        assert_eq!(missing, json!([]), "{name}: keys without a field");
        checked += keys.len();
    }
    note!(
        "{checked} khóa của {} kế hoạch đều có ô trong biểu mẫu",
        plans.len()
    );
    assert!(checked > 1000);
}

/// "Mở tệp Word…" on the start page: a Word plan named as clerks name
/// files (Vietnamese letters, spaces) becomes a plan file in `plans/`,
/// its report is shown, and it opens in the editor; the same file again is
/// not written over, and a PDF is refused with the way to a .docx.
fn last_years_word_plan_is_imported_from_the_start_page() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_made, made) = common::render(
        &root.join("plans/quang-ngoc-2026.toml"),
        &["--format", "docx", "--parts", "ke-hoach"],
    );
    let chosen = tempfile::tempdir().unwrap();
    let word = chosen.path().join("Kế hoạch Quảng Ngọc 2026.docx");
    std::fs::copy(made.join("ke-hoach.docx"), &word).unwrap();
    let pdf = chosen.path().join("bản quét.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();

    let preview = Preview::start_page();
    let browser = Browser::sized(1366, 768);
    browser.open(&preview.url);
    wait_start_page(&browser);
    let shown = "return document.getElementById('bao-cao-nhap').hidden === false;";
    let error = "return document.getElementById('nhap-loi').textContent;";
    let choose = |file: &std::path::Path| {
        browser.type_into("#tep-word", &file.display().to_string());
    };
    let plans_written = || -> Vec<String> {
        std::fs::read_dir(preview.dir.path().join("plans"))
            .map(|dir| {
                dir.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };

    // A PDF is not a Word file: the message says how to make one, and
    // nothing is written.
    choose(&pdf);
    browser.wait_for("the PDF refused", error, |v| {
        v.as_str().is_some_and(|t| t.contains(".docx"))
    });
    assert!(plans_written().is_empty(), "{:?}", plans_written());

    choose(&word);
    browser.wait_for("the import's report", shown, |v| v == &json!(true));
    let report = browser
        .script("return document.getElementById('bao-cao-chu').textContent;")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(report.contains("chỉ tiêu"), "{report}");
    let status = browser.script("return document.getElementById('nhap-trang-thai').textContent;");
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.contains("plans/ke-hoach-quang-ngoc-2026.toml")),
        "{status}"
    );
    let plan = preview
        .dir
        .path()
        .join("plans/ke-hoach-quang-ngoc-2026.toml");
    let written = std::fs::read_to_string(&plan).expect("the imported plan is written");
    browser.screenshot("editor-import-1366x768.png");
    let out = common::kehoach(&["check", &plan.display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // It opens in the editor, with its pages.
    browser.click("#mo-tep-nhap");
    wait_ready(&browser);
    wait_pages(&browser, "QUẢNG NGỌC");

    // The same file again, from the start page: nothing is written over,
    // and the plan there is offered instead.
    browser.open(&preview.url);
    wait_start_page(&browser);
    choose(&word);
    browser.wait_for("the refusal to write over", error, |v| {
        v.as_str().is_some_and(|t| t.contains("không ghi đè"))
    });
    assert!(
        browser
            .script("return document.querySelector('#nhap-loi button') !== null;")
            .as_bool()
            .unwrap_or(false),
        "the plan there is offered"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), written);
    assert_eq!(plans_written(), ["ke-hoach-quang-ngoc-2026.toml"]);
}
