#!/usr/bin/env python3
"""Paired timing of two commands, for ratios on a shared, busy machine.

    python3 scripts/paired.py RUNS WARMUP -- CMD_A ... -- CMD_B ...

Runs A and B back to back RUNS times (after WARMUP untimed pairs), the
order flipped every other pair, and prints one line:

    median_a median_b ratio_median ratio_min ratio_max cpu_a cpu_b cpu_ratio

times in seconds, ratio = A / B of each pair; cpu_* are the median CPU
seconds (user + system, children included) of each command and the ratio of
those medians, which a busy machine distorts less than wall time. The two runs of a pair see
about the same load, so the ratio of a pair is steadier than the ratio of
two medians taken minutes apart (bench.sh's hyperfine rows). Exits 1 with
the failing command's last stderr line when a run fails.
"""

import resource
import statistics
import subprocess
import sys
import time


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, cpu_times):
    cpu_start = cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    cpu_times.append(cpu() - cpu_start)
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
    cpu_a, cpu_b = [], []
    for i in range(warmup + runs):
        if i == warmup:
            cpu_a.clear()
            cpu_b.clear()
        if i % 2 == 0:
            ta = timed(a, cpu_a)
            tb = timed(b, cpu_b)
        else:
            tb = timed(b, cpu_b)
            ta = timed(a, cpu_a)
        if i >= warmup:
            times_a.append(ta)
            times_b.append(tb)
            ratios.append(ta / tb)
    print(
        f"{statistics.median(times_a):.4f} {statistics.median(times_b):.4f} "
        f"{statistics.median(ratios):.3f} {min(ratios):.3f} {max(ratios):.3f} "
        f"{statistics.median(cpu_a):.4f} {statistics.median(cpu_b):.4f} "
        f"{statistics.median(cpu_a) / statistics.median(cpu_b):.3f}"
    )


if __name__ == "__main__":
    main()
