#!/bin/sh
# Seeds the fuzz corpora from the repository's own plans. The corpora are
# not committed (.gitignore: fuzz/corpus); run this before `cargo fuzz run`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mkdir -p "$here/corpus/plan_pipeline" "$here/corpus/vietnamese_text"
for f in "$root"/plans/*.toml "$root"/tests/bad/*.toml; do
    cp "$f" "$here/corpus/plan_pipeline/$(basename "$(dirname "$f")")-$(basename "$f")"
done
echo "seeded $(ls "$here/corpus/plan_pipeline" | wc -l) plans into fuzz/corpus/plan_pipeline"

# plan_with_originals: a 0 byte, then plan texts separated by 0xFF, where
# `f<i>.toml` names text i. The bundled adjustment and its original, then
# each plan alone, and a few recipes (an odd first byte).
multi="$here/corpus/plan_with_originals"
mkdir -p "$multi"
{
    printf '\000'
    sed 's/^ban_goc = ".*"/ban_goc = "f1.toml"/' "$root/plans/quang-ngoc-2026-dieu-chinh.toml"
    printf '\377'
    cat "$root/plans/quang-ngoc-2026.toml"
} >"$multi/dieu-chinh"
for f in "$root"/plans/*.toml; do
    { printf '\000'; cat "$f"; } >"$multi/alone-$(basename "$f")"
done
for recipe in '\001\004' '\001\001\003\001\000\002' '\003\002\001\000\001\002\003\004'; do
    printf "$recipe" >"$multi/recipe-$(printf "$recipe" | od -An -tx1 | tr -d ' \n')"
done
echo "seeded $(ls "$multi" | wc -l) inputs into fuzz/corpus/plan_with_originals"
