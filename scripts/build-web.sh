#!/usr/bin/env bash
# Builds kehoach as a static web page: target/web/ holds index.html, the
# engine as WebAssembly with its JavaScript, and the editor page's assets;
# nothing in it is fetched from anywhere else. Any static web server can
# publish the folder (docs/trang-web.md).
#
#   bash scripts/build-web.sh
#
# Installs what it needs when missing: Debian's rustc-web (a Rust that ships
# the standard library's sources, built here for wasm32 with -Zbuild-std),
# lld-22 (the wasm linker), and wasm-bindgen-cli from crates.io at exactly
# the version of the wasm-bindgen crate in Cargo.lock, into target/web-tools.
# The cross build has its own target folder (target/wasm): Debian's rustc
# and rustup's would otherwise keep invalidating each other's artifacts.
#
# Reproducible: paths are remapped out of the binary, the profile is built
# whole (not incrementally), and the folder's digest printed at the end is
# the same for two builds of one commit.

set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)

export DEBIAN_FRONTEND=noninteractive
need=()
for package in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "build-web: cài ${need[*]}" >&2
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# wasm-bindgen-cli must be the very version of the wasm-bindgen crate.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "build-web: Cargo.lock không có wasm-bindgen" >&2; exit 1; }
tools=$root/target/web-tools
bindgen=$tools/bin/wasm-bindgen
if [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  echo "build-web: cài wasm-bindgen-cli $version" >&2
  # Its own lock file first; where the registry lacks a version it names,
  # the newest compatible ones (its output does not depend on them).
  nice -n "${KEHOACH_NICE:-5}" cargo install wasm-bindgen-cli --version "=$version" --locked --root "$tools" --quiet ||
    nice -n "${KEHOACH_NICE:-5}" cargo install wasm-bindgen-cli --version "=$version" --root "$tools" --quiet
fi

# The engine for wasm32, with Debian's rustc and its std sources.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
sep=$'\x1f'
export CARGO_ENCODED_RUSTFLAGS="--remap-path-prefix=$root=/kehoach$sep--remap-path-prefix=$cargo_home=/cargo"
RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_DIR=$root/target/wasm \
  nice -n "${KEHOACH_NICE:-5}" /usr/bin/cargo build --locked --profile web -Zbuild-std=std,panic_abort \
  --target wasm32-unknown-unknown -p kehoach-web
unset CARGO_ENCODED_RUSTFLAGS

# The folder is made beside the old one and put in its place whole.
out=$root/target/web
staging=$root/target/web.new
rm -rf "$staging"
mkdir -p "$staging"
"$bindgen" --target web --no-typescript --out-dir "$staging" \
  "$root/target/wasm/wasm32-unknown-unknown/web/kehoach_web.wasm"
bash web/page.sh "$staging"
rm -rf "$out"
mv "$staging" "$out"

# What a server sends: every file raw and gzip-compressed, and one digest
# of the whole folder (the same for two builds of one commit).
raw=0
packed=0
while IFS= read -r -d '' file; do
  raw=$((raw + $(stat -c %s "$file")))
  packed=$((packed + $(gzip -9 -n -c "$file" | wc -c)))
done < <(find "$out" -type f -print0)
digest=$(cd "$out" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo "target/web: $(find "$out" -type f | wc -l) tệp, $(mib $raw) ($raw byte), nén gzip $(mib $packed) ($packed byte)"
echo "target/web: mã băm $digest"
echo "target/web: dựng trong $(($(date +%s) - started)) giây"
