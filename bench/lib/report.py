#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Turns the raw timings of bench/lib/suite.sh into one Markdown table per workload, with medians and ratios.
"""usage: report.py RESULTS.tsv TRIPS.tsv [NOTES.tsv]

RESULTS rows: workload, contender, wall_ms, cpu_ms, peak_rss_kib (or FAIL), one row per run.
TRIPS rows: workload, contender, round trips. The first contender of a workload is its floor.
NOTES rows: workload (empty: the whole run), text: what was capped or skipped, and why.
The "runs" column counts the successful timed runs of each contender: a capped peer has fewer.
"""
import statistics
import sys


def load(path, width):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == width:
                rows.append(parts)
    return rows


def main(results_path, trips_path, notes_path=None):
    notes = {}
    if notes_path:
        for workload, text in load(notes_path, 2):
            notes.setdefault(workload, []).append(text)
    for text in notes.get("", []):
        print("Note: %s\n" % text)
    workloads = {}
    for workload, contender, wall, cpu, rss in load(results_path, 5):
        runs = workloads.setdefault(workload, {}).setdefault(contender, [])
        runs.append(None if wall == "FAIL" else (float(wall), float(cpu), int(rss)))
    trips = {(w, c): t for w, c, t in load(trips_path, 3)}

    for workload, contenders in workloads.items():
        print("### %s\n" % workload)
        print("| contender | runs | median wall ms | min..max wall ms | median CPU ms | peak RSS MiB "
              "| x floor (wall) | round trips |")
        print("|---|---|---|---|---|---|---|---|")
        floor = None
        for contender, runs in contenders.items():
            ok = [r for r in runs if r is not None]
            if not ok:
                print("| %s | %d | FAILED | | | | | |" % (contender, len(runs)))
                continue
            wall = statistics.median(r[0] for r in ok)
            cpu = statistics.median(r[1] for r in ok)
            rss = max(r[2] for r in ok) / 1024.0
            if floor is None:
                floor = wall
            ratio = "%.2f" % (wall / floor) if floor > 0 else "-"
            failed = len(runs) - len(ok)
            print("| %s | %d%s | %.1f | %.1f..%.1f | %.0f | %.1f | %s | %s |" % (
                contender, len(ok), " (%d failed)" % failed if failed else "", wall,
                min(r[0] for r in ok), max(r[0] for r in ok), cpu, rss, ratio,
                trips.get((workload, contender), "-")))
        print()
        for text in notes.get(workload, []):
            print("Note: %s\n" % text)
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
