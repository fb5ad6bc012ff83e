#!/usr/bin/env bash
# The editor page of `kehoach xem`, made static into folder $1 (beside the
# engine's wasm and JavaScript, which build-web.sh puts there): the same
# form, pages and scripts, with web/page/may.js (the engine in a worker of
# the page) in place of the HTTP one, the bundled plans, and a
# Content-Security-Policy that lets the page connect to nothing but its own
# origin.
#
#   bash web/page.sh OUT_DIR

set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
assets=src/preview/assets

# Scripts from the page's own folder, wasm compiled there, SVG pages and
# downloads made in the page (blob:); no connection but to the origin.
csp="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; img-src 'self' blob: data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
meta="<meta http-equiv=\"Content-Security-Policy\" content=\"$csp\">\n<link rel=\"icon\" href=\"data:,\">\n<script src=\"tep-cuc-bo.js\"></script>"

for file in kehoach.css bieu-mau.js o-luoi.js soan.js bat-dau.js; do
  cp "$assets/$file" "$out/$file"
done
cp web/page/may.js web/page/may-worker.js web/page/mo-tep.js web/page/tep-cuc-bo.js "$out/"

# The start page (index.html) and the editor (soan.html); the editor's
# title and file names are set by may.js from the plan opened.
sed -e "s|{{FOLDER}}|ke-hoach mẫu|" \
  -e "s|<meta charset=\"utf-8\">|&\n$meta|" \
  -e "s|Các tệp kế hoạch trong thư mục <code>ke-hoach mẫu</code> (và thư mục <code>plans</code> trong đó):|Các kế hoạch mẫu đi kèm trang:|" \
  -e "s|Tệp mới được ghi vào thư mục <code>plans</code>, tên theo tên xã và năm (như lệnh <code>kehoach new</code>); tệp đã có thì không bị ghi đè.|Kế hoạch mới được soạn ngay trong trang (như lệnh <code>kehoach new</code>); bấm “Lưu” để ghi ra tệp trên máy.|" \
  -e "s|<script type=\"module\" src=\"bat-dau.js\"></script>|&\n<script type=\"module\" src=\"mo-tep.js\"></script>|" \
  "$assets/bat-dau.html" >"$out/index.html"
sed -e "s|{{TITLE}}|kế hoạch|g" -e "s|{{STEM}}|ke-hoach|g" \
  -e "s|<meta charset=\"utf-8\">|&\n$meta|" \
  "$assets/soan.html" >"$out/soan.html"
for page in index.html soan.html; do
  grep -q "Content-Security-Policy" "$out/$page" || { echo "page.sh: $page không có CSP" >&2; exit 1; }
done

# The bundled plans, and their list for the start page.
mkdir -p "$out/ke-hoach"
names=()
for plan in plans/*.toml; do
  cp "$plan" "$out/ke-hoach/"
  names+=("\"$(basename "$plan")\"")
done
(IFS=,; echo "[${names[*]}]") >"$out/ke-hoach/danh-sach.json"
