#!/usr/bin/env python3
"""Makes N commune plans from one plan, for the province benchmark.

    python3 scripts/gen-communes.py N OUT_DIR [PLAN]

PLAN defaults to plans/quang-ngoc-2026.toml. Each copy gets its own commune
name (every "Quảng Ngọc" of the plan, so the header, the opening sentence
and the appendix titles change too) and its own targets: each `ty_le = …`
is replaced by a value drawn from the index, so the same N always gives the
same files. Files are named xa-NNN-<name without accents>-2026.toml.
"""

import re
import sys
import unicodedata
from pathlib import Path

FIRST = [
    "An", "Bình", "Cẩm", "Đông", "Hà", "Hoằng", "Hợp", "Kim", "Minh", "Nga",
    "Ngọc", "Nông", "Phú", "Quảng", "Tân", "Thiệu", "Thọ", "Triệu", "Vĩnh", "Xuân",
]
SECOND = [
    "Lộc", "Phúc", "Thịnh", "Hòa", "Sơn", "Thành", "Tiến", "Hưng", "Long", "Yên",
    "Trung", "Đức", "Lợi", "Châu", "Giang", "Khê", "Lâm", "Phong", "Quý", "Vân",
]
ORIGINAL = "Quảng Ngọc"


def lcg(seed):
    """A small deterministic generator (not Python's `random`, whose
    algorithms may change between versions)."""
    state = (seed * 2654435761 + 12345) % 2**32
    while True:
        state = (state * 1664525 + 1013904223) % 2**32
        yield state


def commune_name(index):
    first = FIRST[index % len(FIRST)]
    second = SECOND[(index // len(FIRST) + index) % len(SECOND)]
    name = f"{first} {second}"
    if index >= len(FIRST) * len(SECOND):
        name += f" {index // (len(FIRST) * len(SECOND)) + 1}"
    return name


def ascii_slug(text):
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make(template, index):
    name = commune_name(index)
    numbers = lcg(index)

    def target(_match):
        # 10.0 … 99.9, a decimal one time in three ("35,4%").
        value = 100 + next(numbers) % 900
        if next(numbers) % 3 == 0:
            return f"ty_le = {value // 10}.{value % 10}"
        return f"ty_le = {value // 10}"

    text = template.replace(ORIGINAL, name)
    text = re.sub(r"ty_le = [0-9.]+", target, text)
    return name, text


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    count = int(sys.argv[1])
    out = Path(sys.argv[2])
    plan = Path(sys.argv[3] if len(sys.argv) == 4 else "plans/quang-ngoc-2026.toml")
    template = plan.read_text(encoding="utf-8")
    if ORIGINAL not in template:
        sys.exit(f"{plan}: không có tên xã `{ORIGINAL}` để thay")
    out.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name, text = make(template, index)
        path = out / f"xa-{index:03}-{ascii_slug(name)}-2026.toml"
        path.write_text(text, encoding="utf-8")
    print(f"đã tạo {count} kế hoạch trong {out}")


if __name__ == "__main__":
    main()
