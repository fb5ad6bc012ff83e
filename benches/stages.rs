//! Time of each stage, through the library, for every plan in `plans/` and
//! for generated plans of 10, 100 and 1,000 indicators.
//!
//! `cargo bench --bench stages` (iterations: `KEHOACH_BENCH_ITERS`, default
//! 15). Prints Markdown tables: median and min–max per stage, in ms.
//!
//! Each timed iteration starts with typst's memo cache emptied
//! (`comemo::evict(0)`), so a compile costs what it costs in a fresh
//! `kehoach render` of one plan; only the font set and typst's standard
//! library (built once per process, as in the CLI) stay warm. One untimed
//! warm-up iteration per plan comes first; for the first plan it is also
//! reported, as the cost of a cold process.
//!
//! Last, a batch of communes (`KEHOACH_BENCH_BATCH`, default 20) rendered
//! in one process several ways, each in a child process of its own (this
//! program again, told by `KEHOACH_BENCH_CHILD`): time and RSS per way.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kehoach::check::{Severity, check};
use kehoach::compose::compose;
use kehoach::plan::{PlanFiles, load};
use kehoach::templates::Templates;
use kehoach::write::docx::write_docx;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};

/// The stages, in pipeline order.
const STAGES: [&str; 7] = [
    "load", "check", "compose", "source", "compile", "export", "docx",
];

/// When the iterations would take longer than this (judged by the warm-up),
/// a plan gets only as many as fit, and at least 3.
const BUDGET: Duration = Duration::from_secs(20);

/// One iteration: time per stage (summed over the documents the CLI makes
/// with `--parts all`), and per document the typst compile + export time.
struct Sample {
    stages: [Duration; 7],
    per_document: Vec<(String, Duration)>,
    pages: usize,
    pdf_bytes: usize,
    docx_bytes: usize,
    /// `comemo::evict(0)` of the previous iteration's cache (not in the
    /// total): what a batch pays per plan to stay small.
    evict: Duration,
}

impl Sample {
    fn total(&self) -> Duration {
        self.stages.iter().sum()
    }
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD_ENV) {
        batch_child(&mode);
        return;
    }
    let iters: usize = std::env::var("KEHOACH_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(15);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let templates = Templates::embedded();

    // Font setup: once for the run (timed), and repeated for a median.
    let started = Instant::now();
    let fonts = Arc::new(FontSet::load(None).expect("embedded fonts load"));
    let first_fonts = started.elapsed();
    let font_times: Vec<Duration> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            let set = FontSet::load(None).expect("embedded fonts load");
            let elapsed = t.elapsed();
            drop(set);
            elapsed
        })
        .collect();
    let pdf = PdfWriter::new(fonts, PdfFlavour::Standard);

    let mut plans: Vec<PathBuf> = std::fs::read_dir(root.join("plans"))
        .expect("plans/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    plans.sort();

    let generated = tempfile::tempdir().expect("a temporary directory");
    let mut sized = Vec::new();
    for count in [10, 100, 1000] {
        let path = generated.path().join(format!("sinh-{count}-chi-tieu.toml"));
        std::fs::write(&path, generated_plan(count)).expect("write generated plan");
        sized.push((count, path));
    }

    println!("# kehoach: thời gian từng bước (ms)\n");
    println!(
        "{iters} lần đo mỗi kế hoạch (KEHOACH_BENCH_ITERS), bộ nhớ đệm typst xóa trước mỗi lần; \
         {} luồng CPU; trung vị (nhỏ nhất–lớn nhất).\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "Nạp phông (một lần mỗi tiến trình): lần đầu {}, trung vị {} ({}–{}).\n",
        ms(first_fonts),
        ms(median(&font_times)),
        ms(*font_times.iter().min().unwrap()),
        ms(*font_times.iter().max().unwrap()),
    );

    let mut rows = Vec::new();
    let mut cold = None;
    for path in &plans {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (warmup, samples) = measure(path, &templates, &pdf, iters);
        if cold.is_none() {
            cold = Some((name.clone(), warmup));
        }
        rows.push((name, samples));
    }
    for (count, path) in &sized {
        let (_, samples) = measure(path, &templates, &pdf, iters);
        rows.push((format!("sinh {count} chỉ tiêu"), samples));
    }

    print_stage_table(&rows);
    if let Some((name, warmup)) = cold {
        let median_total = median(&rows[0].1.iter().map(Sample::total).collect::<Vec<_>>());
        println!(
            "\nLần đầu trong tiến trình ({name}, dựng thư viện chuẩn typst, bộ đệm lạnh): {} \
             (trung vị các lần sau: {}).",
            ms(warmup),
            ms(median_total)
        );
    }
    print_document_table(&rows);
    print_size_table(&rows[rows.len() - sized.len()..], &sized);
    print_batch_table(&root);
}

/// Set in the child processes of the batch-memory measurement.
const CHILD_ENV: &str = "KEHOACH_BENCH_CHILD";

/// typst's memo cache (comemo) lives for the process: a batch that never
/// evicts keeps every document's memoised layout, and a batch with many
/// plans in flight at once keeps all of theirs. Each way of running the
/// batch runs in its own process (this program again), so the peak RSS is
/// its own.
fn print_batch_table(root: &Path) {
    let count: usize = std::env::var("KEHOACH_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(20);
    let template = std::fs::read_to_string(root.join("plans/quang-ngoc-2026.toml"))
        .expect("plans/quang-ngoc-2026.toml");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).expect("plans dir");
    for i in 0..count {
        let text = template.replace("Quảng Ngọc", &format!("Thử Nghiệm {}", i + 1));
        std::fs::write(plans.join(format!("xa-{i:03}.toml")), text).expect("write plan");
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\n{count} xã (kế hoạch Quảng Ngọc đổi tên xã), `--parts all`, PDF + DOCX, trong một tiến trình; \
         mỗi cách một tiến trình riêng (KEHOACH_BENCH_BATCH):\n"
    );
    println!(
        "| cách chạy | bộ nhớ đệm typst | ms / xã | RSS sau xã đầu (MB) | RSS cuối (MB) | tăng / xã (MB) | RSS đỉnh (MB) |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    let seq = "tuần tự";
    let threads = format!("{workers} luồng `std::thread`, mỗi luồng một xã");
    for (mode, how, cache) in [
        (
            "cli",
            "`kehoach::pipeline::batch::render_all` (như `kehoach render`, ghi tệp)",
            "như CLI",
        ),
        ("seq:none", seq, "giữ nguyên (không evict)"),
        ("seq:0", seq, "`comemo::evict(0)` sau mỗi xã"),
        ("seq:3", seq, "`comemo::evict(3)` sau mỗi xã"),
        (
            "threads:3",
            threads.as_str(),
            "`comemo::evict(3)` sau mỗi xã",
        ),
    ] {
        let output = std::process::Command::new(std::env::current_exe().expect("own path"))
            .env(CHILD_ENV, format!("{mode}|{}", dir.path().display()))
            .output()
            .expect("the bench runs itself");
        assert!(
            output.status.success(),
            "batch child {mode} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = String::from_utf8_lossy(&output.stdout);
        let v: Vec<f64> = line
            .split_whitespace()
            .map(|x| x.parse().expect("a number"))
            .collect();
        let [total_ms, first_kb, last_kb, peak_kb] = v[..] else {
            panic!("unexpected child output {line:?}")
        };
        let n = count as f64;
        let (first, growth) = if first_kb > 0.0 {
            (
                format!("{:.0}", first_kb / 1024.0),
                format!("{:.1}", (last_kb - first_kb) / 1024.0 / (n - 1.0).max(1.0)),
            )
        } else {
            ("—".to_owned(), "—".to_owned())
        };
        println!(
            "| {how} | {cache} | {:.0} | {first} | {:.0} | {growth} | {:.0} |",
            total_ms / n,
            last_kb / 1024.0,
            peak_kb / 1024.0
        );
    }
}

/// One way of running a batch, then "|" and the folder holding `plans/`:
/// "cli", "seq:<none or max age>" or "threads:<max age>". Prints
/// "total_ms rss_after_first_kb (0: not measured) last_rss_kb peak_kb".
fn batch_child(arg: &str) {
    let (mode, dir) = arg.split_once('|').expect("mode|dir");
    let dir = Path::new(dir);
    let templates = Templates::embedded();
    let fonts = Arc::new(FontSet::load(None).expect("embedded fonts load"));
    let pdf = PdfWriter::new(fonts, PdfFlavour::Standard);
    let mut plans: Vec<PathBuf> = std::fs::read_dir(dir.join("plans"))
        .expect("batch dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    plans.sort();
    let one = |path: &Path| {
        let plan = check(&PlanFiles::single(load(path)), &templates)
            .plan
            .expect("plan checks");
        let composed = compose(&plan, &templates).expect("compose");
        let titles: Vec<&str> = composed
            .appendices
            .iter()
            .map(|a| a.meta.title.as_str())
            .collect();
        std::hint::black_box(pdf.write_split(&composed.plan, true, &titles).expect("PDF"));
        for doc in std::iter::once(&composed.plan).chain(&composed.appendices) {
            std::hint::black_box(write_docx(doc).expect("DOCX"));
        }
    };
    let started = Instant::now();
    let mut first = 0;
    match mode.split_once(':').unwrap_or((mode, "")) {
        ("cli", _) => {
            let options = kehoach::pipeline::RenderOptions {
                emit_typst: false,
                parts: kehoach::pipeline::Parts::All,
                formats: kehoach::pipeline::Formats::All,
            };
            let out = dir.join("out-cli");
            let outcomes = {
                let dirs =
                    kehoach::pipeline::batch::out_dirs(&plans, &out).expect("distinct plan names");
                kehoach::pipeline::batch::render_all(
                    &plans,
                    &dirs,
                    &templates,
                    &pdf,
                    &options,
                    &|_| {},
                )
            };
            assert!(outcomes.iter().all(|o| o.result.is_ok()));
        }
        ("seq", age) => {
            for path in &plans {
                one(path);
                if let Ok(age) = age.parse() {
                    typst::comemo::evict(age);
                }
                if first == 0 {
                    first = proc_status_kb("VmRSS");
                }
            }
        }
        ("threads", age) => {
            let age: usize = age.parse().expect("a max age");
            let next = std::sync::atomic::AtomicUsize::new(0);
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
            std::thread::scope(|scope| {
                for _ in 0..workers {
                    scope.spawn(|| {
                        while let Some(path) =
                            plans.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                        {
                            one(path);
                            typst::comemo::evict(age);
                        }
                    });
                }
            });
        }
        _ => panic!("unknown batch mode {mode}"),
    }
    let total = started.elapsed();
    println!(
        "{} {first} {} {}",
        total.as_secs_f64() * 1000.0,
        proc_status_kb("VmRSS"),
        proc_status_kb("VmHWM")
    );
}

/// A "kB" line of /proc/self/status (0 where there is none).
fn proc_status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix(key)?
                    .strip_prefix(':')?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}

/// Runs one warm-up and then timed iterations; returns the warm-up's total.
fn measure(
    path: &Path,
    templates: &Templates,
    pdf: &PdfWriter,
    iters: usize,
) -> (Duration, Vec<Sample>) {
    let warmup = run_once(path, templates, pdf).total();
    let iters = if warmup * u32::try_from(iters).unwrap_or(u32::MAX) > BUDGET {
        let fit = BUDGET.as_secs_f64() / warmup.as_secs_f64();
        (fit.ceil() as usize).max(3).min(iters)
    } else {
        iters
    };
    let samples = (0..iters).map(|_| run_once(path, templates, pdf)).collect();
    (warmup, samples)
}

/// One cold run of every stage, as `kehoach render --parts all` does it.
fn run_once(path: &Path, templates: &Templates, pdf: &PdfWriter) -> Sample {
    let evicting = Instant::now();
    typst::comemo::evict(0);
    let evict = evicting.elapsed();
    let mut stages = [Duration::ZERO; 7];
    let mut lap = Instant::now();
    let mut split = |stage: usize| {
        let now = Instant::now();
        stages[stage] += now - lap;
        lap = now;
        now
    };

    let loaded = load(path);
    split(0);
    if loaded.plan.is_none() || !no_errors(&loaded.diagnostics) {
        panic!(
            "{}: the plan does not load: {:?}",
            path.display(),
            loaded.diagnostics
        );
    }
    let files = PlanFiles::single(loaded);
    split(0);
    let report = check(&files, templates);
    let (checked, diagnostics) = (report.plan, report.files.concat());
    split(1);
    assert!(
        no_errors(&diagnostics),
        "{}: {diagnostics:?}",
        path.display()
    );
    let plan = checked.expect("no error, so a checked plan");
    let composed = compose(&plan, templates).expect("compose");
    split(2);

    // As `kehoach render` does it: the plan laid out once, the whole and
    // each appendix exported from that one layout.
    let mut per_document = Vec::new();
    let started = split(6);
    let source = pdf.source(&composed.plan);
    split(3);
    let laid_out = pdf.compile(source).expect("typst compiles");
    split(4);
    let pages = laid_out.pages().len();
    let mut pdf_bytes = pdf
        .export(&laid_out, &composed.plan.meta.title)
        .expect("PDF export")
        .len();
    let exported = split(5);
    per_document.push(("ke-hoach".to_owned(), exported - started));
    let titles: Vec<&str> = composed
        .appendices
        .iter()
        .map(|a| a.meta.title.as_str())
        .collect();
    if !titles.is_empty() {
        let started = split(6);
        let appendices = pdf
            .export_appendices(&laid_out, &titles)
            .expect("appendix export");
        pdf_bytes += appendices.iter().map(Vec::len).sum::<usize>();
        let exported = split(5);
        let stems = format!("phu-luc-1…{} (chỉ export)", titles.len());
        per_document.push((stems, exported - started));
    }
    // Dropping the laid-out pages is part of the PDF path.
    drop(laid_out);
    split(5);
    let mut docx_bytes = 0;
    for doc in std::iter::once(&composed.plan).chain(&composed.appendices) {
        docx_bytes += write_docx(doc).expect("DOCX").len();
    }
    split(6);
    Sample {
        stages,
        per_document,
        pages,
        pdf_bytes,
        docx_bytes,
        evict,
    }
}

fn no_errors(diagnostics: &[kehoach::check::Diagnostic]) -> bool {
    diagnostics.iter().all(|d| d.severity != Severity::Error)
}

fn print_stage_table(rows: &[(String, Vec<Sample>)]) {
    println!(
        "\n| kế hoạch | n | trang | load | check | compose | source | compile | export | docx | tổng | evict(0) |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (name, samples) in rows {
        let mut line = format!("| {name} | {} | {} |", samples.len(), samples[0].pages);
        for stage in 0..STAGES.len() {
            let times: Vec<Duration> = samples.iter().map(|s| s.stages[stage]).collect();
            let _ = write!(line, " {} |", spread(&times));
        }
        let totals: Vec<Duration> = samples.iter().map(Sample::total).collect();
        let _ = write!(line, " **{}** |", spread(&totals));
        let evicts: Vec<Duration> = samples.iter().map(|s| s.evict).collect();
        let _ = write!(line, " {} |", spread(&evicts));
        println!("{line}");
    }
    println!(
        "\nCác cột: {}; source = dựng mã typst, compile = typst::compile (dàn trang), \
         export = typst_pdf; cộng trên mọi văn bản của `--parts all` (kế hoạch kèm phụ lục \
         dàn trang một lần, mỗi phụ lục xuất riêng từ đó; DOCX từng văn bản); evict(0) = xóa \
         bộ nhớ đệm typst mà kế hoạch để lại (không tính vào tổng).",
        STAGES.join(", ")
    );
    println!("\n| kế hoạch | PDF (KB) | DOCX (KB) |");
    println!("| --- | ---: | ---: |");
    for (name, samples) in rows {
        println!(
            "| {name} | {} | {} |",
            samples[0].pdf_bytes / 1024,
            samples[0].docx_bytes / 1024
        );
    }
}

/// Compile + export per document: the appendices are typeset twice, inside
/// "ke-hoach" and alone.
fn print_document_table(rows: &[(String, Vec<Sample>)]) {
    println!("\n| kế hoạch | typst compile + export theo văn bản (trung vị, ms) |");
    println!("| --- | --- |");
    for (name, samples) in rows {
        let documents: Vec<String> = samples[0]
            .per_document
            .iter()
            .enumerate()
            .map(|(i, (stem, _))| {
                let times: Vec<Duration> = samples.iter().map(|s| s.per_document[i].1).collect();
                format!("{stem} {}", ms(median(&times)))
            })
            .collect();
        println!("| {name} | {} |", documents.join(", "));
    }
}

/// Cost against size: time per indicator should stay flat if linear.
fn print_size_table(rows: &[(String, Vec<Sample>)], sized: &[(usize, PathBuf)]) {
    println!(
        "\n| số chỉ tiêu | trang | tổng (ms) | ms / chỉ tiêu | ms / chỉ tiêu thêm | compile (ms) | docx (ms) |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut previous: Option<(usize, Duration)> = None;
    for ((_, samples), (count, _)) in rows.iter().zip(sized) {
        let total = median(&samples.iter().map(Sample::total).collect::<Vec<_>>());
        let compile = median(&samples.iter().map(|s| s.stages[4]).collect::<Vec<_>>());
        let docx = median(&samples.iter().map(|s| s.stages[6]).collect::<Vec<_>>());
        // The cost of each indicator added since the smaller plan: flat
        // when the cost is linear in the size.
        let marginal = previous.map_or("—".to_owned(), |(n, t)| {
            let added = total.saturating_sub(t).as_secs_f64() * 1000.0;
            format!("{:.2}", added / (count - n) as f64)
        });
        previous = Some((*count, total));
        println!(
            "| {count} | {} | {} | {:.2} | {marginal} | {} | {} |",
            samples[0].pages,
            ms(total),
            total.as_secs_f64() * 1000.0 / *count as f64,
            ms(compile),
            ms(docx)
        );
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    }
}

fn spread(times: &[Duration]) -> String {
    format!(
        "{} ({}–{})",
        ms(median(times)),
        ms(*times.iter().min().unwrap()),
        ms(*times.iter().max().unwrap())
    )
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

/// A plan of `count` indicators with everything a real one has: purpose,
/// steps, method, deadline, units in rotation, the body section generated
/// from the indicators, the indicator appendix and the staff form.
fn generated_plan(count: usize) -> String {
    let mut plan = String::from(
        r#"can_cu = [
  "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
]
mo_dau = "Ủy ban nhân dân xã Thử Nghiệm ban hành Kế hoạch với các nội dung sau"

[van_ban]
loai = "chi-tieu"
xa = "Thử Nghiệm"
tinh = "Thanh Hóa"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thực hiện các chỉ tiêu về chuyển đổi số năm 2026"
don_vi_soan_thao = "vhxh"

[nguoi_ky]
quyen_han = "KT"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Nguyễn Văn A"

[[noi_nhan]]
ten = "Sở Khoa học và Công nghệ tỉnh"
ghi_chu = "b/c"

[[phan]]
tieu_de = "MỤC ĐÍCH YÊU CẦU"
noi_dung = """
# Mục đích
- Hoàn thành các chỉ tiêu được giao.

# Yêu cầu
- Triển khai đồng bộ.
"""

[[phan]]
tieu_de = "CÁC CHỈ TIÊU CỤ THỂ"
noi_dung = "(Nội dung chi tiết tại [](#chi-tieu) kèm theo)."

[[phan]]
tieu_de = "NHIỆM VỤ VÀ GIẢI PHÁP"
chen = "cach-thuc-chi-tieu"

[[phan]]
tieu_de = "TỔ CHỨC THỰC HIỆN"
chen = "to-chuc-thuc-hien"

[[don_vi]]
id = "vhxh"
ten = "Phòng Văn hóa - Xã hội"
viet_tat = "VHXH"

[[don_vi]]
id = "kinh-te"
ten = "Phòng Kinh tế"

[[don_vi]]
id = "ttpvhcc"
ten = "Trung tâm Phục vụ hành chính công"

[[don_vi]]
id = "cong-an"
ten = "Công an xã"

[[don_vi]]
id = "lien-quan"
ten = "Các cơ quan, đơn vị có liên quan"
tap_the = true

[[phu_luc]]
id = "chi-tieu"
loai = "chi-tieu"
ten = "Chỉ tiêu giao về chuyển đổi số năm 2026"
cot = ["stt", "ten", "chi_tieu_giao", "chu_tri", "phoi_hop", "phuong_phap"]
ngang = true

[[phu_luc]]
id = "can-bo"
loai = "can-bo"
tieu_de = "DANH SÁCH"
ten = "Cán bộ thực hiện nhiệm vụ chuyển đổi số"
"#,
    );
    let units = ["vhxh", "kinh-te", "ttpvhcc", "cong-an"];
    for i in 1..=count {
        let _ = write!(
            plan,
            r#"
[[chi_tieu]]
id = "ct-{i}"
ten = "Tỷ lệ người dân sử dụng dịch vụ số thứ {i} trên địa bàn xã"
chi_tieu_giao = {{ ty_le = {target} }}
chu_tri = "{unit}"
phoi_hop = ["lien-quan"]
muc_dich = "Nâng cao chất lượng phục vụ người dân và hiệu quả điều hành của chính quyền số cấp xã."
cach_thuc = [
  "Rà soát, lập danh sách đối tượng chưa sử dụng dịch vụ số để hướng dẫn trực tiếp.",
  "Phối hợp với Tổ công nghệ số cộng đồng tuyên truyền tại nhà văn hóa thôn.",
]
phuong_phap = '''
Tỷ lệ a/b x 100, trong đó:
- a: Số người dân sử dụng dịch vụ số thứ {i}
- b: Tổng dân số trưởng thành'''
han = 2026-08-30
"#,
            target = 10 + i % 90,
            unit = units[i % units.len()],
        );
    }
    plan
}
