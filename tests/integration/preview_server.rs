//! `kehoach preview` as an attack surface, over a real socket: only this
//! machine's own name as Host, only the random token's routes, GET only,
//! bounded requests; and Ctrl-C stops it with exit 0.

use crate::common;
use crate::preview_support::{Preview, get, pdf_pages, raw};

tests! {
    the_preview_serves_its_routes_and_refuses_everything_else needs Qpdf;
    a_missing_plan_or_a_taken_port_is_a_clear_error;
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
    // GET only, no body, bounded head.
    let post = format!("POST /{token}/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(raw(port, post.as_bytes()).0, 405);
    let body = format!("GET /{token}/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n\r\nabcd");
    assert_eq!(raw(port, body.as_bytes()).0, 413);
    let huge = format!(
        "GET /{token}/ HTTP/1.1\r\nHost: {host}\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(raw(port, huge.as_bytes()).0, 413);

    // The downloads are the plan's documents (checked by qpdf when present).
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
