#!/usr/bin/env python3
"""Paired timing of two commands, for ratios on a shared, busy machine.

    python3 scripts/paired.py RUNS WARMUP -- CMD_A ... -- CMD_B ...

Runs A and B back to back RUNS times (after WARMUP untimed pairs), the
order flipped every other pair, and prints one line:

    median_a median_b ratio_median ratio_min ratio_max

times in seconds, ratio = A / B of each pair. The two runs of a pair see
about the same load, so the ratio of a pair is steadier than the ratio of
two medians taken minutes apart (bench.sh's hyperfine rows). Exits 1 with
the failing command's last stderr line when a run fails.
"""

import statistics
import subprocess
import sys
import time


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        sys.exit(f"FAIL {' '.join(cmd[:3])}…: {lines[-1] if lines else done.returncode}")
    return elapsed


def main():
    args = sys.argv[1:]
    runs, warmup = int(args[0]), int(args[1])
    rest = args[2:]
    if rest[:1] != ["--"] or rest.count("--") != 2:
        sys.exit("usage: paired.py RUNS WARMUP -- CMD_A ... -- CMD_B ...")
    split = rest.index("--", 1)
    a, b = rest[1:split], rest[split + 1 :]
    times_a, times_b, ratios = [], [], []
    for i in range(warmup + runs):
        if i % 2 == 0:
            ta = timed(a)
            tb = timed(b)
        else:
            tb = timed(b)
            ta = timed(a)
        if i >= warmup:
            times_a.append(ta)
            times_b.append(tb)
            ratios.append(ta / tb)
    print(
        f"{statistics.median(times_a):.4f} {statistics.median(times_b):.4f} "
        f"{statistics.median(ratios):.3f} {min(ratios):.3f} {max(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
