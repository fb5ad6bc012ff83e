#!/usr/bin/env bash
# Builds kehoach.exe for Windows from this checkout and leaves it at
# target/dist/kehoach.exe: one file, nothing to install beside it (fonts and
# templates are embedded; it imports only DLLs every Windows has).
#
#   bash scripts/build-windows.sh
#
# rustup cannot download other targets on these machines, so the build uses
# Debian's rustc with the standard library's sources (`-Zbuild-std`) and links
# with mingw-w64; missing packages are installed with apt.
#
# Target: x86_64-win7-windows-gnu. Its standard library draws random numbers
# through RtlGenRandom instead of bcryptprimitives' ProcessPrng, which Wine 8
# lacks, so the very same .exe runs on Windows 7 to 11 and in an empty Wine
# prefix, with no helper DLL. KEHOACH_WINDOWS_TARGET=x86_64-pc-windows-gnu
# builds the tier-2 target instead (Windows 10+; under Wine 8 it needs a
# ProcessPrng shim).
#
# Reproducible: the same checkout gives the same bytes, wherever it lies and
# whenever it is built. The linker writes no timestamp into the PE header,
# paths compiled into the binary (panic locations) are rewritten to fixed
# prefixes, symbols are stripped, and the crate is built without incremental
# compilation. The cross build has its own target directory (rustup's rustc
# and Debian's would otherwise invalidate each other's artifacts).
#
# Environment: KEHOACH_WINDOWS_TARGET (see above), KEHOACH_WINDOWS_TARGET_DIR
# (default target/windows).

set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)

triple=${KEHOACH_WINDOWS_TARGET:-x86_64-win7-windows-gnu}
target_dir=${KEHOACH_WINDOWS_TARGET_DIR:-$root/target/windows}
dist=$root/target/dist

need=()
[ -x /usr/bin/rustc ] || need+=(rustc-web)
[ -x /usr/bin/cargo ] || need+=(cargo-web)
[ -d /usr/lib/rustlib/src/rust/library ] || need+=(rust-web-src)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(mingw-w64)
if [ ${#need[@]} -gt 0 ]; then
  echo "build-windows: cài ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# rustup's proxies in ~/.cargo/bin would shadow Debian's toolchain.
export RUSTC=/usr/bin/rustc
cargo=/usr/bin/cargo
# -Zbuild-std is unstable; Debian's stable rustc allows it with this.
export RUSTC_BOOTSTRAP=1

cargo_home=${CARGO_HOME:-$HOME/.cargo}
std_src=$("$RUSTC" --print sysroot)/lib/rustlib/src/rust
# Cargo (not rustup) finds the target by name; its variables are per triple.
triple_env=$(echo "$triple" | tr 'a-z-' 'A-Z_')
export "CARGO_TARGET_${triple_env}_LINKER=x86_64-w64-mingw32-gcc"
export "CC_${triple//-/_}=x86_64-w64-mingw32-gcc"
export "AR_${triple//-/_}=x86_64-w64-mingw32-ar"
# C and assembly in dependencies (psm, stacker) name their sources too.
export "CFLAGS_${triple//-/_}=-ffile-prefix-map=$cargo_home/registry/src=/cargo -ffile-prefix-map=$root=/kehoach"
# With --target, RUSTFLAGS reach only what goes into the .exe (std included),
# not build scripts.
export RUSTFLAGS="--remap-path-prefix=$root=/kehoach \
--remap-path-prefix=$target_dir=/kehoach/target \
--remap-path-prefix=$cargo_home/registry/src=/cargo \
--remap-path-prefix=$std_src=/rustc \
-C link-arg=-Wl,--no-insert-timestamp"
export CARGO_PROFILE_RELEASE_INCREMENTAL=false
export CARGO_PROFILE_RELEASE_STRIP=symbols
export CARGO_TARGET_DIR=$target_dir

nice -n "${KEHOACH_NICE:-5}" "$cargo" build --release --locked --bin kehoach \
  -Zbuild-std=std,panic_abort --target "$triple"

mkdir -p "$dist"
cp "$target_dir/$triple/release/kehoach.exe" "$dist/kehoach.exe"
elapsed=$(($(date +%s) - started))
size=$(stat -c %s "$dist/kehoach.exe")
printf 'build-windows: target/dist/kehoach.exe (%s), %s byte (%s MiB), %d phút %02d giây\n' \
  "$triple" "$size" "$(awk "BEGIN{printf \"%.1f\", $size/1048576}")" \
  $((elapsed / 60)) $((elapsed % 60))
sha256sum "$dist/kehoach.exe" | sed "s#$dist/##"
