#!/usr/bin/env python3
"""Time maturin-fix against `find` and the pure-Python fixer on generated trees.

For each size: make (or reuse) the tree, check that maturin-fix, py_fixer.py and the
generator's manifest agree on every count, then time all commands in interleaved rounds
(one warm-up round first, so the page cache is warm and load spikes hit every command
alike), take medians, measure peak RSS with `/usr/bin/time -v`, and print the tables.
Called by bench/run.sh, which builds the binary first.

Exit status: 0 measured; 1 a command failed or the fixers disagree.
"""

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SYSCONFIGDATA = "_sysconfigdata__linux_arm-linux-gnueabihf.py"
DEFAULT_RUNS = {1000: 21, 10000: 15, 100000: 9, 300000: 5}
# Issue 4's targets, checked on the 100k tree.
TARGET_SIZE = 100000
TARGET_TOOL_OVER_FIND = 1.2
TARGET_PYTHON_OVER_TOOL = 1.5
TARGET_RSS_KB = 8 * 1024


class Failure(Exception):
    pass


def size_label(files):
    return f"{files // 1000}k" if files % 1000 == 0 else str(files)


def parse_size(text):
    text = text.lower()
    if text.endswith("k"):
        return int(float(text[:-1]) * 1000)
    return int(text)


def ensure_tree(cache, files, seed, python):
    path = os.path.join(cache, f"tree-{size_label(files)}-seed{seed}")
    if not os.path.isdir(path):
        print(f"generating {path} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        subprocess.run(
            [python, os.path.join(HERE, "gen_tree.py"), "--files", str(files), "--seed", str(seed), "--out", path],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    with open(os.path.join(path, "manifest.json")) as f:
        manifest = json.load(f)
    return path, manifest


def build_name(binary):
    """A short name for another build: its cargo profile dir's parent (<dir>/release/maturin-fix),
    else the file name."""
    parent = os.path.basename(os.path.dirname(os.path.dirname(binary)))
    return parent if os.path.basename(os.path.dirname(binary)) in ("release", "debug") and parent \
        else os.path.basename(binary)


def commands(binary, python, tree, others=()):
    root = os.path.join(tree, "site-packages")
    source = ["--root", root, "--sysconfigdata", os.path.join(tree, SYSCONFIGDATA)]
    fixer = os.path.join(HERE, "py_fixer.py")
    # (key, label, argv, accepted exit codes); exit 1 = "work found" for the fixers.
    return [
        ("find", "find ROOT -name '*.so'", ["find", root, "-name", "*.so"], {0}),
        ("check", "maturin-fix check", [binary, "check", *source], {0, 1}),
        ("dry_run", "maturin-fix fix --dry-run", [binary, "fix", "--dry-run", *source], {0, 1}),
        # Other builds to compare with (--also), timed in the same rounds.
        *(
            (f"check_also{i}", f"check: {build_name(other)}", [other, "check", *source], {0, 1})
            for i, other in enumerate(others)
        ),
        ("python", "python3 py_fixer.py --check", [python, fixer, "--check", *source], {0, 1}),
        (
            "python_startup",
            "  (python3 start + imports alone)",
            [python, "-c", "import argparse, ast, csv, io, json, os, re, sys"],
            {0},
        ),
    ]


def run_once(argv, accepted):
    """Wall time (s) and CPU time (s) of one run; output is discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in accepted:
        raise Failure(f"{shlex.join(argv)} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss_kb(argv, accepted):
    """Maximum resident set size as GNU time reports it."""
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if proc.returncode not in accepted:
        raise Failure(f"/usr/bin/time -v {shlex.join(argv)} exited with {proc.returncode}")
    found = re.findall(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if not found:
        raise Failure(f"no peak RSS in the output of /usr/bin/time -v {shlex.join(argv)}")
    return int(found[-1])


def verify(binary, python, tree, manifest, others):
    """maturin-fix, py_fixer.py, find and the manifest must agree before anything is timed."""
    counts = manifest["counts"]
    expected = {
        "files": counts["so_files"],
        "ok": counts["so_correct"] + counts["so_abi3"],
        "fixed": 0,
        "to_fix": counts["so_misnamed"],
        "cannot_fix": 0,
        "left_alone": counts["so_not_extension"] + counts["so_other_version"],
        "problems": 0,
    }
    cmds = {key: (argv, ok) for key, _label, argv, ok in commands(binary, python, tree, others)}
    for key in [k for k in cmds if k.startswith(("check", "dry_run"))]:
        argv, ok = cmds[key]
        proc = subprocess.run([*argv, "--format", "json"], capture_output=True, text=True)
        if proc.returncode not in ok:
            raise Failure(f"{shlex.join(argv)} exited with {proc.returncode}: {proc.stderr.strip()}")
        summary = json.loads(proc.stdout)["summary"]
        if summary != expected:
            raise Failure(f"maturin-fix {key} counted {summary}, the generator made {expected}")
    argv, ok = cmds["python"]
    proc = subprocess.run([*argv, "--json"], capture_output=True, text=True)
    if proc.returncode not in ok or json.loads(proc.stdout) != expected:
        raise Failure(f"py_fixer.py said {proc.stdout.strip()} (exit {proc.returncode}), expected {expected}")
    argv, ok = cmds["find"]
    found = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split("\n")
    if len([line for line in found if line]) != counts["so_files"]:
        raise Failure(f"find found {len(found) - 1} .so entries, the generator made {counts['so_files']}")


def measure(binary, python, tree, manifest, runs, others):
    verify(binary, python, tree, manifest, others)
    cmds = commands(binary, python, tree, others)
    for _key, _label, argv, ok in cmds:  # warm-up round
        run_once(argv, ok)
    walls = {key: [] for key, *_ in cmds}
    cpus = {key: [] for key, *_ in cmds}
    for _ in range(runs):
        for key, _label, argv, ok in cmds:
            wall, cpu = run_once(argv, ok)
            walls[key].append(wall)
            cpus[key].append(cpu)
    result = {}
    for key, label, argv, ok in cmds:
        result[key] = {
            "label": label,
            "argv": argv,
            "runs": runs,
            "median_s": statistics.median(walls[key]),
            "min_s": min(walls[key]),
            "max_s": max(walls[key]),
            "cpu_median_s": statistics.median(cpus[key]),
            "peak_rss_kb": peak_rss_kb(argv, ok),
        }
    return result


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def print_size_table(files, manifest, result):
    c = manifest["counts"]
    print()
    print(
        f"== {size_label(files)} tree: {c['files']} files ({c['symlinks']} symlinks), {c['directories']} directories, "
        f"{c['so_files']} .so ({c['so_misnamed']} mis-named, {c['so_abi3']} abi3, {c['so_other_version']} cpython-311, "
        f"{c['so_not_extension']} libraries), {c['records']} RECORD files; {result['check']['runs']} runs each"
    )
    header = f"{'command':36} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'cpu ms':>8} {'us/file':>8} {'peak RSS KiB':>13}"
    print(header)
    print("-" * len(header))
    for key, row in result.items():
        print(
            f"{row['label']:36} {ms(row['median_s']):>10} {ms(row['min_s']):>8} {ms(row['max_s']):>8} "
            f"{ms(row['cpu_median_s']):>8} {row['median_s'] / files * 1e6:>8.3f} {row['peak_rss_kb']:>13}"
        )
    find, check, dry, py = (result[k]["median_s"] for k in ("find", "check", "dry_run", "python"))
    print(
        f"ratios: check/find {check / find:.2f}, fix --dry-run/find {dry / find:.2f}, "
        f"python/check {py / check:.2f}, python/fix --dry-run {py / dry:.2f}, python/find {py / find:.2f}"
    )


def print_scaling(results):
    print()
    print("== time per file (median wall time / files, microseconds); linear scaling = flat rows")
    sizes = sorted(results)
    print(f"{'command':36}" + "".join(f"{size_label(s):>10}" for s in sizes))
    keys = [k for k in results[sizes[0]]["result"] if k != "python_startup"]
    for key in keys:
        label = results[sizes[0]]["result"][key]["label"]
        print(f"{label:36}" + "".join(f"{results[s]['result'][key]['median_s'] / s * 1e6:>10.3f}" for s in sizes))
    big = [s for s in sizes if s >= 10000]
    if len(big) >= 2:
        lo, hi = big[0], big[-1]
        growth = {
            key: (results[hi]["result"][key]["median_s"] / hi) / (results[lo]["result"][key]["median_s"] / lo)
            for key in keys
        }
        print(
            f"per-file time at {size_label(hi)} / at {size_label(lo)}: "
            + ", ".join(f"{k} {v:.2f}" for k, v in growth.items())
        )


def print_targets(results):
    if TARGET_SIZE not in results:
        print(f"\n(targets are judged on the {size_label(TARGET_SIZE)} tree, which was not measured)")
        return
    r = results[TARGET_SIZE]["result"]
    print(f"\n== issue 4 targets on the {size_label(TARGET_SIZE)} tree")
    checks = []
    for key in [k for k in r if k.startswith(("check", "dry_run"))]:
        ratio = r[key]["median_s"] / r["find"]["median_s"]
        checks.append((f"{r[key]['label']} <= {TARGET_TOOL_OVER_FIND}x find", f"{ratio:.2f}x", ratio <= TARGET_TOOL_OVER_FIND))
        speedup = r["python"]["median_s"] / r[key]["median_s"]
        checks.append(
            (f"python fixer / {r[key]['label']} >= {TARGET_PYTHON_OVER_TOOL}", f"{speedup:.2f}x", speedup >= TARGET_PYTHON_OVER_TOOL)
        )
        rss = r[key]["peak_rss_kb"]
        checks.append((f"{r[key]['label']} peak RSS <= {TARGET_RSS_KB} KiB", f"{rss} KiB", rss <= TARGET_RSS_KB))
    for what, value, met in checks:
        print(f"{'met   ' if met else 'MISSED'} {what:52} {value}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the maturin-fix binary")
    parser.add_argument("--python", default=sys.executable, help="interpreter for py_fixer.py")
    parser.add_argument("--cache", required=True, help="where generated trees are kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, help="timed runs per command (default: by size)")
    parser.add_argument("--json", help="also write all numbers to this file")
    parser.add_argument("--also", action="append", default=[], metavar="BIN",
                        help="another maturin-fix build to time `check` of, in the same rounds (A/B)")
    parser.add_argument("sizes", nargs="+", help="tree sizes: 1k 10k 100k 300k ...")
    args = parser.parse_args()

    os.makedirs(args.cache, exist_ok=True)
    results = {}
    try:
        for text in args.sizes:
            files = parse_size(text)
            tree, manifest = ensure_tree(args.cache, files, args.seed, args.python)
            runs = args.runs or DEFAULT_RUNS.get(files, 7)
            print(f"measuring {size_label(files)} ({runs} runs) ...", file=sys.stderr, flush=True)
            result = measure(args.bin, args.python, tree, manifest, runs, [os.path.abspath(b) for b in args.also])
            results[files] = {"tree": tree, "manifest": manifest, "result": result}
            print_size_table(files, manifest, result)
    except Failure as e:
        print(f"bench: FAILED: {e}", file=sys.stderr)
        return 1
    print_scaling(results)
    print_targets(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({str(k): v for k, v in results.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
