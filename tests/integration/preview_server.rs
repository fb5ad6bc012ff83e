//! `kehoach preview` as an attack surface, over a real socket: only this
//! machine's own name as Host, only the random token's routes, reads as
//! bodiless GETs, edits only from this server's own page and only to the
//! file it opened, bounded requests, slow clients that cannot lock a real
//! one out; and Ctrl-C stops it with exit 0.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common;
use crate::preview_support::{Preview, get, pdf_pages, raw};
use serde_json::{Value, json};

tests! {
    the_preview_serves_its_routes_and_refuses_everything_else needs Qpdf;
    a_missing_plan_or_a_taken_port_is_a_clear_error;
    only_this_servers_page_changes_the_file_and_only_the_file_it_opened;
    slow_clients_do_not_lock_a_real_client_out;
    the_originals_problems_are_listed_and_their_changes_followed needs Pdftotext;
}

fn the_preview_serves_its_routes_and_refuses_everything_else() {
    let preview = Preview::start("quang-ngoc-2026.toml");
    let (port, token) = (preview.port, preview.token.clone());
    let host = format!("127.0.0.1:{port}");

    let (status, page) = get(port, &format!("/{token}/"), &host);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("quang-ngoc-2026.toml"));
    let (status, _) = get(port, &format!("/{token}/"), &format!("localhost:{port}"));
    assert_eq!(status, 200);

    // DNS rebinding: a foreign name resolved to 127.0.0.1 sends its own Host.
    for bad_host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_owned(),
    ] {
        assert_eq!(
            get(port, &format!("/{token}/"), &bad_host).0,
            403,
            "{bad_host}"
        );
    }
    // Without the token there is nothing.
    let wrong = "0".repeat(32);
    for target in [
        "/".to_owned(),
        format!("/{wrong}/"),
        format!("/{wrong}/ke-hoach.pdf"),
    ] {
        assert_eq!(get(port, &target, &host).0, 404, "{target}");
    }
    // No path reaches the file system, however encoded.
    let plan_name = preview
        .plan
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for rest in [
        "../Cargo.toml".to_owned(),
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "..%2F..%2Fetc%2Fpasswd".to_owned(),
        "ke-hoach.pdf/../../../etc/passwd".to_owned(),
        plan_name,
        "/etc/passwd".to_owned(),
    ] {
        let (status, body) = get(port, &format!("/{token}/{rest}"), &host);
        assert_eq!(status, 404, "{rest}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{rest}");
    }
    // Reads are bodiless GETs; the head is bounded (hyper: 431).
    let post = format!("POST /{token}/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(raw(port, post.as_bytes()).0, 405);
    let body = format!("GET /{token}/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n\r\nabcd");
    assert_eq!(raw(port, body.as_bytes()).0, 413);
    let huge = format!(
        "GET /{token}/ HTTP/1.1\r\nHost: {host}\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(raw(port, huge.as_bytes()).0, 431);

    // The downloads are the plan's documents (pages counted by qpdf).
    let (status, json) = get(port, &format!("/{token}/trang-thai?sau=0&trang=0"), &host);
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let pages = state["trang"]
        .as_array()
        .expect("a valid plan has pages")
        .len();
    let (status, pdf) = get(port, &format!("/{token}/ke-hoach.pdf"), &host);
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    let path = preview.dir.path().join("tai.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert_eq!(pdf_pages(&path), pages);
    let (status, docx) = get(port, &format!("/{token}/ke-hoach.docx"), &host);
    assert_eq!(status, 200);
    assert!(docx.starts_with(b"PK"));

    let (exit, log) = preview.interrupt();
    assert!(
        exit.success(),
        "Ctrl-C ends the preview with 0: {exit:?}\n{log}"
    );
    assert!(log.contains("đã dừng xem trước"), "{log}");
}

fn a_missing_plan_or_a_taken_port_is_a_clear_error() {
    let out = common::kehoach(&["preview", "--no-open", "khong-co.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("không tìm thấy tệp kế hoạch `khong-co.toml`")
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::kehoach(&[
        "xem",
        "--no-open",
        "--port",
        &port,
        "plans/quang-ngoc-2026.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("không mở được cổng {port}")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

/// A POST of `body` to `/<token>/<rest>` with the given extra headers.
fn post(preview: &Preview, rest: &str, headers: &str, body: &str) -> (u16, Value) {
    let request = format!(
        "POST /{}/{rest} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        preview.token,
        preview.port,
        body.len()
    );
    let (status, reply) = raw(preview.port, request.as_bytes());
    (
        status,
        serde_json::from_slice(&reply).unwrap_or(Value::Null),
    )
}

fn plan_state(preview: &Preview) -> Value {
    let (status, body) = get(
        preview.port,
        &format!("/{}/tep", preview.token),
        &format!("127.0.0.1:{}", preview.port),
    );
    assert_eq!(status, 200);
    serde_json::from_slice(&body).unwrap()
}

fn only_this_servers_page_changes_the_file_and_only_the_file_it_opened() {
    let preview = Preview::start("quang-ngoc-2026.toml");
    let before = std::fs::read(&preview.plan).unwrap();
    let base = plan_state(&preview)["co_so"].as_str().unwrap().to_owned();
    let origin = format!("Origin: http://127.0.0.1:{}\r\n", preview.port);
    let json_type = "Content-Type: application/json\r\n";
    let edit = json!({"co_so": base, "sua": [{"op": "set", "path": "nguoi_ky.ho_ten", "value": "Nguyễn Văn B"}]}).to_string();

    // Refused, and the file untouched: no Origin, a foreign one, not JSON,
    // over the limit, without the token, as a GET.
    for (headers, status) in [
        (json_type.to_owned(), 403),
        (
            format!(
                "Origin: http://evil.example:{}\r\n{json_type}",
                preview.port
            ),
            403,
        ),
        (
            format!(
                "Origin: http://127.0.0.1:{}\r\n{json_type}",
                preview.port + 1
            ),
            403,
        ),
        (format!("{origin}Content-Type: text/plain\r\n"), 415),
    ] {
        assert_eq!(
            post(&preview, "sua", &headers, &edit).0,
            status,
            "{headers}"
        );
    }
    let big = format!(
        "{{\"co_so\": \"{base}\", \"sua\": [], \"x\": \"{}\"}}",
        "a".repeat(1024 * 1024)
    );
    assert_eq!(
        post(&preview, "sua", &format!("{origin}{json_type}"), &big).0,
        413
    );
    let wrong = "0".repeat(32);
    let request = format!(
        "POST /{wrong}/sua HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{origin}{json_type}Content-Length: {}\r\n\r\n{edit}",
        preview.port,
        edit.len()
    );
    assert_eq!(raw(preview.port, request.as_bytes()).0, 404);
    let get_edit = get(
        preview.port,
        &format!("/{}/sua", preview.token),
        &format!("127.0.0.1:{}", preview.port),
    );
    assert_eq!(get_edit.0, 405);
    // A path in the body is data, never a file to write.
    let elsewhere = json!({"co_so": base, "tep": "/tmp/khac.toml", "sua": [{"op": "set", "path": "../../x", "value": 1}]}).to_string();
    assert_eq!(
        post(&preview, "sua", &format!("{origin}{json_type}"), &elsewhere).0,
        422
    );
    assert_eq!(
        std::fs::read(&preview.plan).unwrap(),
        before,
        "nothing refused was written"
    );

    // From the page itself: written, one line changed.
    let (status, reply) = post(&preview, "sua", &format!("{origin}{json_type}"), &edit);
    assert_eq!(status, 200, "{reply}");
    let after = std::fs::read_to_string(&preview.plan).unwrap();
    let before = String::from_utf8(before).unwrap();
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("Nguyễn Văn B"));

    // An edit made against the older text is refused with the newer one.
    let stale =
        json!({"co_so": base, "sua": [{"op": "set", "path": "nguoi_ky.ho_ten", "value": "Lê C"}]})
            .to_string();
    let (status, reply) = post(&preview, "sua", &format!("{origin}{json_type}"), &stale);
    assert_eq!(status, 409);
    assert_eq!(reply["du_lieu"]["nguoi_ky"]["ho_ten"], "Nguyễn Văn B");
    assert_eq!(std::fs::read_to_string(&preview.plan).unwrap(), after);
}

/// Opens `count` connections that each send one byte of a request head
/// every `every`, until `stop`.
fn trickle(port: u16, count: usize, every: Duration, stop: Instant) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut slow: Vec<TcpStream> = (0..count)
            .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
            .collect();
        let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut i = 0;
        while Instant::now() < stop {
            for stream in &mut slow {
                let _ = stream.write_all(&head[i % head.len()..i % head.len() + 1]);
            }
            i += 1;
            std::thread::sleep(every);
            // Connections the server closed are opened again, as an attacker would.
            slow.retain(|s| s.peer_addr().is_ok());
            while slow.len() < count {
                match TcpStream::connect(("127.0.0.1", port)) {
                    Ok(s) => slow.push(s),
                    Err(_) => break,
                }
            }
        }
    })
}

fn slow_clients_do_not_lock_a_real_client_out() {
    let preview = Preview::start("quang-ngoc-2026.toml");
    let host = format!("127.0.0.1:{}", preview.port);
    // 32 clients each sending a byte every 2 s (they held every slot of the
    // old server, whose read timeout restarted with each byte), and 200
    // more sending a byte every 200 ms.
    let stop = Instant::now() + Duration::from_secs(9);
    let slow = trickle(preview.port, 32, Duration::from_secs(2), stop);
    let fast = trickle(preview.port, 200, Duration::from_millis(200), stop);
    std::thread::sleep(Duration::from_secs(3));
    let mut waits = Vec::new();
    while Instant::now() + Duration::from_secs(1) < stop {
        let started = Instant::now();
        let (status, page) = get(preview.port, &format!("/{}/", preview.token), &host);
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&page).contains("quang-ngoc-2026.toml"));
        let (status, _) = get(preview.port, &format!("/{}/soan.js", preview.token), &host);
        assert_eq!(status, 200);
        waits.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(500));
    }
    slow.join().unwrap();
    fast.join().unwrap();
    waits.sort();
    note!(
        "trang và tệp lệnh, dưới tải: trung vị {:?}, chậm nhất {:?}",
        waits[waits.len() / 2],
        waits[waits.len() - 1]
    );
    assert!(waits.len() >= 5);
    assert!(waits[waits.len() - 1] < Duration::from_secs(2), "{waits:?}");
}

fn the_originals_problems_are_listed_and_their_changes_followed() {
    let preview = Preview::start_with(&["quang-ngoc-2026-dieu-chinh.toml", "quang-ngoc-2026.toml"]);
    let host = format!("127.0.0.1:{}", preview.port);
    let state = |after: u64| -> Value {
        let (status, body) = get(
            preview.port,
            &format!("/{}/trang-thai?sau={after}&trang=0", preview.token),
            &host,
        );
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    };
    let first = state(0);
    assert_eq!(first["so_loi"], 0, "{}", first["van_de"]);
    let text = |s: &Value| -> String {
        s["trang"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["chu"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        text(&first).contains("30%"),
        "the original's target, as issued"
    );

    // The original breaks: its own error is listed, with its file and line.
    let original = preview.dir.path().join("quang-ngoc-2026.toml");
    let good = std::fs::read_to_string(&original).unwrap();
    std::fs::write(
        &original,
        good.replacen("ky_hieu = \"KH-UBND\"", "ky_hieu = 12", 1),
    )
    .unwrap();
    let mut broken = first.clone();
    let deadline = Instant::now() + Duration::from_secs(20);
    while broken["ban"] == first["ban"] || broken["so_loi"] == 0 {
        assert!(
            Instant::now() < deadline,
            "the original's change was not seen"
        );
        broken = state(broken["ban"].as_u64().unwrap());
    }
    let problems = broken["van_de"].as_array().unwrap();
    let own = problems
        .iter()
        .find(|p| p["here"] == false)
        .unwrap_or_else(|| panic!("the original's own problem is listed: {problems:?}"));
    assert!(
        own["file"]
            .as_str()
            .unwrap()
            .ends_with("quang-ngoc-2026.toml"),
        "{own}"
    );
    assert!(
        own["line"].as_u64().is_some() && own["key"] == "van_ban.ky_hieu",
        "{own}"
    );

    // The original's target changes: the pages and the PDF follow it.
    std::fs::write(
        &original,
        good.replacen(
            "chi_tieu_giao = { ty_le = 30 }",
            "chi_tieu_giao = { ty_le = 31 }",
            1,
        ),
    )
    .unwrap();
    let mut fixed = broken.clone();
    let deadline = Instant::now() + Duration::from_secs(20);
    while fixed["so_loi"] != 0 || fixed["trang"].is_null() || !text(&fixed).contains("31%") {
        assert!(
            Instant::now() < deadline,
            "the original's new target was not shown: {}",
            fixed["van_de"]
        );
        fixed = state(fixed["ban"].as_u64().unwrap());
    }
    let (status, pdf) = get(
        preview.port,
        &format!("/{}/ke-hoach.pdf", preview.token),
        &host,
    );
    assert_eq!(status, 200);
    let path = preview.dir.path().join("tai.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert!(common::pdf_text(&path, None).contains("31%"));
}
