#!/usr/bin/env bash
# Benchmarks of kehoach as a whole process, against the
# Typst CLI (the floor for the PDF path) and LibreOffice (what an office
# would run), and a province of generated communes in one `kehoach render`
# call. The targets are checked on ratios of paired runs (scripts/paired.py:
# the two commands back to back, so both see the same load).
#
#   bash scripts/bench.sh > bench.md
#
# Needs: cargo, python3, /usr/bin/time (package `time`). Better with
# hyperfine (apt-get install hyperfine); without it a plain loop measures.
# Optional: the Typst CLI (`typst` on PATH or TYPST=/path/to/typst; same
# version as the library: cargo install typst-cli --version 0.15.1 --locked)
# and LibreOffice (apt-get install libreoffice-writer); missing ones are
# skipped with a note.
#
# Settings (environment): BENCH_RUNS (default 10) timed runs per command,
# BENCH_COMMUNES (200) plans in the province, BENCH_PROVINCE_RUNS (3),
# BENCH_PLAN (plans/quang-ngoc-2026.toml).
#
# The Markdown report goes to stdout, progress to stderr.

set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-10}
COMMUNES=${BENCH_COMMUNES:-200}
PROVINCE_RUNS=${BENCH_PROVINCE_RUNS:-3}
PLAN=${BENCH_PLAN:-plans/quang-ngoc-2026.toml}
STEM=$(basename "$PLAN" .toml)
KEHOACH=target/release/kehoach

say() { echo "bench: $*" >&2; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

command -v python3 > /dev/null || {
  echo "thiếu python3 (apt-get install python3)" >&2
  exit 2
}
[ -x /usr/bin/time ] || {
  echo "thiếu /usr/bin/time (apt-get install time)" >&2
  exit 2
}
HYPERFINE=$(command -v hyperfine || true)
if [ -z "$HYPERFINE" ]; then
  say "không có hyperfine (cài: apt-get install hyperfine, hoặc cargo install hyperfine);" \
    "đo bằng vòng lặp đơn giản"
fi
TYPST=${TYPST:-$(command -v typst || true)}
SOFFICE=$(command -v soffice || command -v libreoffice || true)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

say "cargo build --release"
cargo build --release >&2

# ---------------------------------------------------------------------------
# Measuring helpers. Each prints "median min max" in seconds.

# Wall time of a command, RUNS times after WARMUP untimed runs.
wall() { # wall WARMUP CMD...
  local warmup=$1
  shift
  if [ -n "$HYPERFINE" ]; then
    local json=$TMP/hyperfine.json
    rm -f "$TMP/time.out"
    if ! "$HYPERFINE" --shell=none --style=none --warmup "$warmup" --runs "$RUNS" \
      --export-json "$json" "$(quote "$@")" > /dev/null 2> "$TMP/cmd.err"; then
      echo "FAIL $(reason)"
      return
    fi
    python3 - "$json" << 'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'{r["median"]:.4f} {r["min"]:.4f} {r["max"]:.4f}')
EOF
  else
    local i times=()
    rm -f "$TMP/time.out"
    for ((i = 0; i < warmup + RUNS; i++)); do
      local start end
      start=$(date +%s%N)
      if ! "$@" > /dev/null 2> "$TMP/cmd.err"; then
        echo "FAIL $(reason)"
        return
      fi
      end=$(date +%s%N)
      ((i < warmup)) && continue
      times+=("$(((end - start) / 1000))")
    done
    stats "${times[@]/%/e-6}"
  fi
}

# Wall time and peak RSS together, from /usr/bin/time, N runs.
# Prints "wall_median wall_min wall_max rss_median_kb".
time_rss() { # time_rss N CMD...
  local n=$1 i walls=() rss=()
  shift
  for ((i = 0; i < n; i++)); do
    if ! /usr/bin/time -f "%e %M" -o "$TMP/time.out" "$@" > /dev/null 2> "$TMP/cmd.err"; then
      echo "FAIL $(reason) sau $(tail -1 "$TMP/time.out" | cut -d' ' -f1) s," \
        "RSS $(mb "$(tail -1 "$TMP/time.out" | cut -d' ' -f2)") MB"
      return
    fi
    read -r w m < <(tail -1 "$TMP/time.out")
    walls+=("$w")
    rss+=("$m")
  done
  echo "$(stats "${walls[@]}") $(stats "${rss[@]}" | cut -d' ' -f1)"
}

# "median min max" of numbers (floats).
stats() {
  python3 -c '
import statistics, sys
v = [float(x) for x in sys.argv[1:]]
print(f"{statistics.median(v):.4f} {min(v):.4f} {max(v):.4f}")' "$@"
}

# A command line hyperfine can split back into words.
quote() {
  local out="" word
  for word in "$@"; do out+=" $(printf '%q' "$word")"; done
  echo "${out# }"
}

# Why the last measured command failed: its last line of stderr, and how
# it ended when /usr/bin/time saw a signal.
reason() {
  local how=""
  [ -f "$TMP/time.out" ] && how=$(grep -m1 '^Command ' "$TMP/time.out" || true)
  echo "$(grep -v '^$' "$TMP/cmd.err" | tail -1) ${how}"
}
failed() { [[ $1 == FAIL* ]]; }
# The median of a wall/time_rss result, empty when it failed.
median_of() { failed "$1" || cut -d' ' -f1 <<< "$1"; }
# The peak RSS of a time_rss result (or its failure).
peak_of() { if failed "$1"; then echo "$1"; else cut -d' ' -f4 <<< "$1"; fi; }

secs() { python3 -c "import sys; print(f'{float(sys.argv[1]):.3f}')" "$1"; }
mb() { python3 -c "import sys; print(f'{float(sys.argv[1]) / 1024:.0f}')" "$1"; }
ratio() {
  if [ -z "$1" ] || [ -z "$2" ]; then
    echo "—"
  else
    python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"
  fi
}
check() { # check VALUE OP LIMIT → "đạt" / "chưa đạt"
  if [ -z "$1" ] || [ "$1" = "—" ]; then
    echo "**không đo được** (lỗi, xem bảng trên)"
  elif python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) $2 float(sys.argv[3]) else 1)" "$1" "$2" "$3"; then
    echo "**đạt**"
  else
    echo "**chưa đạt**"
  fi
}

ROWS=()
row() { # row LABEL COMMAND "median min max" [rss_kb]
  local label=$1 cmd=$2 med min max peak="—"
  if failed "$3"; then
    ROWS+=("| $label | \`$cmd\` | **lỗi**: ${3#FAIL } | | |")
    return
  fi
  read -r med min max <<< "$3"
  if failed "${4:-}"; then
    ROWS+=("| $label | \`$cmd\` | $(secs "$med") | $(secs "$min")–$(secs "$max") | **lỗi**: ${4#FAIL } |")
    return
  fi
  [ -n "${4:-}" ] && peak=$(mb "$4")
  ROWS+=("| $label | \`$cmd\` | $(secs "$med") | $(secs "$min")–$(secs "$max") | $peak |")
}

# ---------------------------------------------------------------------------
say "(a) kehoach, một kế hoạch, cả hai định dạng"
A=$(wall 3 "$KEHOACH" render "$PLAN" --out "$TMP/a")
A_RSS=$(time_rss 5 "$KEHOACH" render "$PLAN" --out "$TMP/a")
row "(a) kehoach: kế hoạch + phụ lục, PDF + DOCX" \
  "kehoach render $PLAN --out DIR" "$A" "$(peak_of "$A_RSS")"

say "(a') kehoach, chỉ ke-hoach.pdf"
A1=$(wall 3 "$KEHOACH" render "$PLAN" --format pdf --parts ke-hoach --out "$TMP/a1")
A1_RSS=$(time_rss 5 "$KEHOACH" render "$PLAN" --format pdf --parts ke-hoach --out "$TMP/a1")
row "(a') kehoach: chỉ ke-hoach.pdf" \
  "kehoach render $PLAN --format pdf --parts ke-hoach --out DIR" "$A1" "$(peak_of "$A1_RSS")"

B="" B1=""
if [ -n "$TYPST" ]; then
  "$KEHOACH" render "$PLAN" --emit-typst --format pdf --parts ke-hoach --out "$TMP/src" > /dev/null
  TYP=$TMP/src/$STEM/ke-hoach.typ
  TYPST_VERSION=$("$TYPST" --version)
  say "(b) $TYPST_VERSION"
  B=$(wall 3 "$TYPST" compile --font-path fonts "$TYP" "$TMP/b.pdf")
  B_RSS=$(time_rss 5 "$TYPST" compile --font-path fonts "$TYP" "$TMP/b.pdf")
  row "(b) Typst CLI: ke-hoach.typ → PDF" \
    "typst compile --font-path fonts/ ke-hoach.typ" "$B" "$(peak_of "$B_RSS")"
  B1=$(wall 3 "$TYPST" compile --ignore-system-fonts --font-path fonts "$TYP" "$TMP/b1.pdf")
  B1_RSS=$(time_rss 5 "$TYPST" compile --ignore-system-fonts --font-path fonts "$TYP" "$TMP/b1.pdf")
  row "(b') Typst CLI, không quét phông hệ thống" \
    "typst compile --ignore-system-fonts --font-path fonts/ ke-hoach.typ" "$B1" "$(peak_of "$B1_RSS")"
else
  TYPST_VERSION="Typst CLI: không có"
  say "bỏ qua (b): không có Typst CLI (cargo install typst-cli --version 0.15.1 --locked; rồi TYPST=đường/dẫn/typst)"
fi

C="" C1=""
if [ -n "$SOFFICE" ] && ls "$TMP/a/$STEM"/*.docx > /dev/null 2>&1; then
  SOFFICE_VERSION=$("$SOFFICE" --version 2> /dev/null | head -1)
  say "(c) $SOFFICE_VERSION"
  mkdir -p "$TMP/docx"
  cp "$TMP/a/$STEM"/*.docx "$TMP/docx/"
  DOCXS=("$TMP/docx"/*.docx)
  LO=("$SOFFICE" "-env:UserInstallation=file://$TMP/lo-profile" --headless --convert-to pdf --outdir "$TMP/c")
  C=$(wall 2 "${LO[@]}" "${DOCXS[@]}")
  C_RSS=$(time_rss 3 "${LO[@]}" "${DOCXS[@]}")
  row "(c) LibreOffice: ${#DOCXS[@]} DOCX của (a) → PDF" \
    "soffice --headless --convert-to pdf *.docx" "$C" "$(peak_of "$C_RSS")"
  C1=$(wall 2 "${LO[@]}" "$TMP/docx/ke-hoach.docx")
  C1_RSS=$(time_rss 3 "${LO[@]}" "$TMP/docx/ke-hoach.docx")
  row "(c') LibreOffice: chỉ ke-hoach.docx → PDF" \
    "soffice --headless --convert-to pdf ke-hoach.docx" "$C1" "$(peak_of "$C1_RSS")"
else
  SOFFICE_VERSION="LibreOffice: không có"
  say "bỏ qua (c): không có LibreOffice (apt-get install libreoffice-writer), hoặc (a) không có DOCX"
fi

say "(d) $COMMUNES xã trong một lần gọi"
python3 scripts/gen-communes.py "$COMMUNES" "$TMP/province" "$PLAN" >&2
PROVINCE=("$TMP/province"/*.toml)
"$KEHOACH" check "${PROVINCE[@]}" > /dev/null
D=$(time_rss "$PROVINCE_RUNS" "$KEHOACH" render "${PROVINCE[@]}" --out "$TMP/d")
D_MED=$(median_of "$D")
D_RSS=""
if failed "$D"; then
  row "(d) tỉnh: $COMMUNES xã, một lần gọi" "kehoach render ${COMMUNES} tệp --out DIR" "$D"
else
  D_RSS=$(peak_of "$D")
  PER_PLAN=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / int(sys.argv[2]):.3f}')" \
    "$D_MED" "$COMMUNES")
  row "(d) tỉnh: $COMMUNES xã, một lần gọi ($PER_PLAN s/xã)" \
    "kehoach render ${COMMUNES} tệp --out DIR" "$(cut -d' ' -f1-3 <<< "$D")" "$D_RSS"
fi

# Paired runs: the ratios the targets are judged on.
paired() { # paired WARMUP CMD_A... -- CMD_B... → see scripts/paired.py
  local warmup=$1
  shift
  python3 scripts/paired.py "$RUNS" "$warmup" -- "$@" 2>&1 || true
}
PAB="" PCA=""
# (a) against (a'), the same compile + export of the combined document as
# (b) through the same library: what (a) adds over the Typst CLI's work
# ((a') / (b) was 0.94–1.03 when measured), and a stand-in without the CLI.
say "(a) và (a') từng cặp"
PAA=$(paired 2 "$KEHOACH" render "$PLAN" --out "$TMP/pa" -- \
  "$KEHOACH" render "$PLAN" --format pdf --parts ke-hoach --out "$TMP/pa1")
if [ -n "$TYPST" ]; then
  say "(a) và (b) từng cặp"
  PAB=$(paired 2 "$KEHOACH" render "$PLAN" --out "$TMP/pa" -- \
    "$TYPST" compile --font-path fonts "$TYP" "$TMP/pb.pdf")
fi
if [ -n "$C" ]; then
  say "(c') và (a) từng cặp"
  PCA=$(paired 1 "${LO[@]}" "$TMP/docx/ke-hoach.docx" -- "$KEHOACH" render "$PLAN" --out "$TMP/pa")
fi
# The median ratio of a paired result, empty when it failed.
pair_ratio() { [[ -z $1 || $1 == FAIL* ]] || cut -d' ' -f3 <<< "$1"; }
pair_range() { cut -d' ' -f4-5 <<< "$1" | tr ' ' '-'; }
# "range; CPU ratio" of a paired result (CPU time is less bent by load).
pair_note() { echo "$(pair_range "$1"); CPU $(cut -d' ' -f8 <<< "$1")×"; }

# ---------------------------------------------------------------------------
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
MEM=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
REV=$(git rev-parse --short HEAD 2> /dev/null || echo "?")
DIRTY=""
if git status --porcelain 2> /dev/null | grep -q .; then DIRTY=" (có thay đổi chưa commit)"; fi
TIMER=$([ -n "$HYPERFINE" ] && "$HYPERFINE" --version || echo "vòng lặp date +%s%N")

cat << EOF
## Kết quả đo

Máy: $CPU, $(nproc) lõi, $MEM; tải trung bình (1, 5, 15 phút) lúc bắt đầu: $LOAD_START, lúc kết thúc: $LOAD. kehoach $REV$DIRTY;
$TYPST_VERSION; $SOFFICE_VERSION. Đo bằng $TIMER: $RUNS lần mỗi lệnh (sau vài lần
chạy nóng), RSS đỉnh là trung vị của \`/usr/bin/time\` (%M); (d) chạy $PROVINCE_RUNS lần.

| phép đo | lệnh | trung vị (s) | nhỏ nhất–lớn nhất (s) | RSS đỉnh (MB) |
| --- | --- | ---: | ---: | ---: |
EOF
printf '%s\n' "${ROWS[@]}"

A_MED=$(median_of "$A")
A1_MED=$(median_of "$A1")
echo
echo "| mục tiêu | đo được | kết quả |"
echo "| --- | --- | --- |"
if [ -n "$B" ]; then
  B_MED=$(median_of "$B")
  B1_MED=$(median_of "$B1")
  AB=$(pair_ratio "$PAB")
  if [ -n "$AB" ]; then
    echo "| một kế hoạch ≤ 1,2× Typst CLI: (a) / (b) từng cặp, trung vị | ${AB}× ($(pair_note "$PAB")) | $(check "$AB" "<=" 1.2) |"
  else
    echo "| một kế hoạch ≤ 1,2× Typst CLI: (a) / (b) từng cặp | lỗi: ${PAB#FAIL } | **không đo được** |"
  fi
  echo "| (a) / (b) — (a) / (b') theo trung vị bảng trên | $(ratio "$A_MED" "$B_MED")× — $(ratio "$A_MED" "$B1_MED")× | (tham khảo) |"
  echo "| cùng việc: (a') / (b) — (a') / (b') | $(ratio "$A1_MED" "$B_MED")× — $(ratio "$A1_MED" "$B1_MED")× | (tham khảo) |"
else
  echo "| một kế hoạch ≤ 1,2× Typst CLI | không đo (thiếu Typst CLI) | — |"
fi
AA=$(pair_ratio "$PAA")
if [ -n "$AA" ]; then
  echo "| phần (a) làm thêm ngoài việc của (b): (a) / (a') từng cặp, trung vị | ${AA}× ($(pair_note "$PAA")) | (tham khảo) |"
fi
if [ -n "$C" ]; then
  C_MED=$(median_of "$C")
  C1_MED=$(median_of "$C1")
  CA=$(pair_ratio "$PCA")
  if [ -n "$CA" ]; then
    echo "| nhanh hơn LibreOffice ≥ 12×: (c') / (a) từng cặp, trung vị | ${CA}× ($(pair_note "$PCA")) | $(check "$CA" ">=" 12) |"
  else
    echo "| nhanh hơn LibreOffice ≥ 12×: (c') / (a) từng cặp | lỗi: ${PCA#FAIL } | **không đo được** |"
  fi
  echo "| (c') / (a) — (c) / (a) theo trung vị bảng trên | $(ratio "$C1_MED" "$A_MED")× — $(ratio "$C_MED" "$A_MED")× | (tham khảo) |"
else
  echo "| nhanh hơn LibreOffice ≥ 12× | không đo (thiếu LibreOffice) | — |"
fi
if [ -n "$D_MED" ]; then
  echo "| $COMMUNES xã ≤ 7 s | $(secs "$D_MED") s | $(check "$D_MED" "<=" 7) |"
  echo "| $COMMUNES xã: RSS đỉnh ≤ 200 MB | $(mb "$D_RSS") MB | $(check "$(mb "$D_RSS")" "<=" 200) |"
else
  echo "| $COMMUNES xã ≤ 7 s | lỗi: ${D#FAIL } | **chưa đạt** |"
  echo "| $COMMUNES xã: RSS đỉnh ≤ 200 MB | lỗi (xem trên) | **chưa đạt** |"
fi
