#!/usr/bin/env python3
"""Instructions per operation, library against baseline, counted by callgrind.

    count_instructions.py --bench PATH --baseline PATH --emulator PATH
                          [--only get-concurrent,insert-concurrent] [--small N] [--large N]
                          [--runs R] [--keep DIR]

CPU time per call on a shared machine is noise; instruction counts are not. Each program runs a
workload under callgrind twice, with --small and --large operations; the programs mark the
measured part of a run (bench_common.hpp: instructions_start/stop), and callgrind writes it as a
dump of its own, every thread included. Instructions per operation are
(measured(large) - measured(small)) / (large - small), so that what a run pays once (opening the
connections, the first allocations) cancels out. --runs repeats each pair and prints every
figure and their median (how many transfers each turn of the loop handles changes from run to
run). --keep keeps the callgrind files (callgrind_annotate them to see where the cost goes).
Run it on release builds (scripts/bench.sh's build-release/).
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "emulator", "tests"))
from emutest import Emulator, stop_process  # noqa: E402

from run_bench import ROOT_PASSWORD, WORKLOADS  # noqa: E402


def measured_instructions(out_prefix):
    """The Ir total of the dump triggered at instructions_stop()."""
    for path in glob.glob(out_prefix + "*"):
        with open(path) as f:
            head = f.read(4096)
        if "Trigger: Client Request: measured" not in head:
            continue
        with open(path) as f:
            for line in f:
                if line.startswith("totals:"):
                    return int(line.split()[1])
    raise RuntimeError(f"no measured dump at {out_prefix}")


def run(program, url, workload, ops, extra, outdir, tag):
    prefix = os.path.join(outdir, f"{tag}.{workload}.{ops}.cg")
    for old in glob.glob(prefix + "*"):
        os.remove(old)
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={prefix}", program,
           "--url", url, "--user", "root", "--password", ROOT_PASSWORD, "--workload", workload,
           "--ops", str(ops), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0 or '"errors":0,' not in proc.stdout:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stdout}{proc.stderr[-2000:]}")
    return measured_instructions(prefix)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--only", default="get-concurrent,insert-concurrent")
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=4000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep")
    args = ap.parse_args()

    wanted = args.only.split(",")
    outdir = args.keep or tempfile.mkdtemp(prefix="count-instructions-")
    os.makedirs(outdir, exist_ok=True)
    emulator = Emulator(args.emulator, "--root-password", ROOT_PASSWORD, "--threads", "1")
    try:
        for label, workload, _, extra in WORKLOADS:
            if label not in wanted:
                continue
            per_op = {"library": [], "baseline": []}
            for _ in range(args.runs):
                for tag, program in (("library", args.bench), ("baseline", args.baseline)):
                    small = run(program, emulator.url, workload, args.small, extra, outdir, tag)
                    large = run(program, emulator.url, workload, args.large, extra, outdir, tag)
                    per_op[tag].append((large - small) / (args.large - args.small))
            lib, base = statistics.median(per_op["library"]), statistics.median(per_op["baseline"])
            print(f"{label:27} instructions/op: library {lib:,.0f} {[round(v) for v in per_op['library']]}, "
                  f"baseline {base:,.0f} {[round(v) for v in per_op['baseline']]}: {lib / base:.3f}x",
                  flush=True)
    finally:
        stop_process(emulator.proc)
        if not args.keep:
            for path in glob.glob(os.path.join(outdir, "*")):
                os.remove(path)
            os.rmdir(outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
