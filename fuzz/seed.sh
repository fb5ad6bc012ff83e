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
