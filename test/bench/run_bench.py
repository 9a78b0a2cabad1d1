#!/usr/bin/env python3
"""Run the benchmarks: arango-async against the bare libcurl-multi baseline, in one run.

    run_bench.py --bench PATH --baseline PATH --emulator PATH
                 [--rounds N] [--scale F] [--out docs/performance.md] [--check]

Starts the emulator on an ephemeral port (or uses ARANGO_URL when it is set), then runs each
workload with the library and the baseline alternately (each goes first in every other round),
--rounds times each (default 3), and prints every figure side by side with its ratio (the medians of the rounds). Also measures:
  - the emulator's own ceiling: wrk (Debian's package) against /_api/version, so a reader
    knows when the server, not the client, is the limit;
  - the cursor's peak RSS reading 1,000,000 documents against reading 100,000;
  - an idle client's CPU over 10 seconds.
With --out it writes the results as Markdown (docs/performance.md).

--scale multiplies every operation count (0.01 for a quick run). --check makes the run a
test: it fails (exit 1) when a program fails, reports errors, or reports counts that do not
match what it was asked to do; the targets are reported, never enforced (figures from a shared
machine are not pass/fail material).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "emulator", "tests"))
from emutest import Emulator, stop_process  # noqa: E402  (the emulator suites' shared helper module)

ROOT_PASSWORD = "bench-root-pw"

# label -> (workload, ops, extra arguments); ops are scaled by --scale. The plain rows run the
# library the way the README advises for throughput: each completion makes the next call (for
# insert-many, one batch in flight, as the baseline has). The "blocking" rows make every call
# from a thread that blocks until it completes (a semaphore per call; for insert-many, a
# future's get() per batch). The baseline's side is the same program either way: it has no
# threads to block.
WORKLOADS = [
    ("version", "version", 20000, []),
    ("insert-concurrent", "insert-concurrent", 50000, ["--concurrency", "64", "--threads", "4"]),
    ("insert-concurrent blocking", "insert-concurrent", 50000,
     ["--concurrency", "64", "--threads", "4", "--mode", "blocking"]),
    ("get-concurrent", "get-concurrent", 50000, ["--concurrency", "64", "--threads", "4"]),
    ("get-concurrent blocking", "get-concurrent", 50000,
     ["--concurrency", "64", "--threads", "4", "--mode", "blocking"]),
    # Issue 23: calls made at once from one thread (no chaining), 64, 1,000 or 16,000 at a time
    # (the same 16,000 calls in rounds): the client's CPU per call should not grow with its backlog.
    ("get-queued 64", "get-queued", 16000, ["--concurrency", "64"]),
    ("get-queued 1000", "get-queued", 16000, ["--concurrency", "1000"]),
    ("get-queued 16000", "get-queued", 16000, ["--concurrency", "16000"]),
    ("insert-many", "insert-many", 100000, ["--batch", "1000"]),
    ("insert-many blocking", "insert-many", 100000, ["--batch", "1000", "--mode", "blocking"]),
    ("cursor", "cursor", 1000000, ["--batch", "1000"]),
    ("async-job", "async-job", 5000, []),
]

# row label -> (what is compared, target) for the report; the targets are judged on the plain
# rows, and the blocking rows are shown beside them. CPU and allocations per call are issue 18's
# (they were 1.3x CPU and no allocation target before).
TARGETS = {
    "insert-concurrent": {"cpu": 1.15, "throughput": 0.85, "allocs": 1.5},
    "get-concurrent": {"cpu": 1.15, "throughput": 0.85, "allocs": 1.5},
    "insert-many": {"throughput": 0.9},
}

# Issue 18: what a user pays to include the umbrella header, against its standard headers alone.
COMPILE_COST_TARGET = 1.5


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run_program(path, url, workload, ops, extra, env_extra=None):
    cmd = [path, "--url", url, "--user", "root", "--password", ROOT_PASSWORD, "--workload", workload]
    if ops:
        cmd += ["--ops", str(ops)]
    cmd += extra
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or len(lines) != 1:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return json.loads(lines[0])


def check_record(rec, workload, ops, extra):
    """The checks of --check: what the program was asked to do is what it did."""
    problems = []
    if rec["errors"] != 0:
        problems.append(f"{rec['errors']} failed calls")
    if rec["workload"] != workload:
        problems.append(f"workload {rec['workload']}")
    opts = dict(zip(extra[::2], extra[1::2]))
    if workload == "insert-many":
        batch = int(opts.get("--batch", 1000))
        if rec["documents"] != ops or rec["ops"] != -(-ops // batch):
            problems.append(f"inserted {rec['documents']} documents in {rec['ops']} batches")
    elif workload == "cursor":
        want = int(opts.get("--docs", ops))
        if rec["documents"] != want or rec.get("bytes", 0) <= 0:
            problems.append(f"read {rec['documents']} documents, {rec.get('bytes', 0)} bytes")
    elif workload != "idle" and rec["ops"] != ops:
        problems.append(f"{rec['ops']} operations")
    for key in ("seconds", "ops_per_sec", "cpu_user_s", "cpu_sys_s", "peak_rss_kb"):
        if key not in rec or rec[key] < 0:
            problems.append(f"no {key}")
    return problems


def wrk_ceiling(url, seconds):
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    import base64
    auth = base64.b64encode(f"root:{ROOT_PASSWORD}".encode()).decode()
    out = subprocess.run([wrk, "-t2", "-c64", f"-d{seconds}s", "-H", f"Authorization: Basic {auth}",
                          url + "/_api/version"], capture_output=True, text=True, timeout=seconds + 60).stdout
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    return float(m.group(1)) if m else None


def median(records, key):
    values = [r[key] for r in records if r.get(key) is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=3):
    if v is None:
        return "–"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--idle-seconds", type=float, default=10)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--only", help="comma-separated workloads")
    ap.add_argument("--compile-cost", nargs=2, metavar=("SRC_INCLUDE", "BUILD_INCLUDE"),
                    help="also measure what including <arango/arango.hpp> costs (scripts/compile_cost.py)")
    ap.add_argument("--compile-repeat", type=int, default=7)
    args = ap.parse_args()

    compile_cost = None
    if args.compile_cost:
        # First, before the emulator starts: the figure wants a quiet machine.
        sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
        import compile_cost as cc  # noqa: E402
        compile_cost = cc.measure(args.compile_cost[0], args.compile_cost[1],
                                  [os.environ.get("CXX", "c++")], args.compile_repeat)
        print(f"compile cost: <arango/arango.hpp> {compile_cost['umbrella']:.3f} s CPU, its standard headers "
              f"{compile_cost['standard']:.3f} s: {compile_cost['ratio']:.2f}x")

    emulator = None
    url = os.environ.get("ARANGO_URL")
    if not url:
        emulator = Emulator(args.emulator, "--root-password", ROOT_PASSWORD, "--threads", "1")
        url = emulator.url
    failures = []
    results = {}  # workload -> {"lib": [...], "base": [...]}
    try:
        selected = WORKLOADS
        if args.only:
            wanted = args.only.split(",")
            selected = [w for w in WORKLOADS if w[1] in wanted]
        for label, workload, ops, extra in selected:
            n = max(int(ops * args.scale), 10)
            if workload == "insert-many":
                extra = extra + ["--docs", str(n)]
            if workload == "cursor":
                extra = extra + ["--docs", str(n)]
            # One untimed warm-up each (set-up, e.g. filling the cursor collection, happens here).
            for path in (args.bench, args.baseline):
                run_program(path, url, workload, n, extra)
            lib, base = [], []
            # Which program goes first alternates (ABBA...): the emulator's state drifts over a
            # run (its heap grows and fragments as collections are dropped and made again), and the
            # second of two back-to-back runs was measured faster than the first.
            for r in range(args.rounds):
                order = ((lib, args.bench), (base, args.baseline))
                for records, path in (order if r % 2 == 0 else order[::-1]):
                    records.append(run_program(path, url, workload, n, extra))
            results[label] = {"lib": lib, "base": base, "ops": n, "extra": extra}
            if args.check:
                for rec in lib + base:
                    for p in check_record(rec, workload, n, extra):
                        failures.append(f"{rec['program']} {label}: {p}")
            show(label, lib, base)

        rss = None
        if args.only is None or "cursor" in args.only.split(","):
            small = max(int(100000 * args.scale), 10)
            big = max(int(1000000 * args.scale), 100)
            rss = {}
            for docs in (small, big):
                extra = ["--batch", "1000", "--docs", str(docs)]
                run_program(args.bench, url, "cursor", docs, extra)  # fills the collection
                recs = [run_program(args.bench, url, "cursor", docs, extra) for _ in range(args.rounds)]
                if args.check:
                    for rec in recs:
                        for p in check_record(rec, "cursor", docs, extra):
                            failures.append(f"cursor rss {docs}: {p}")
                rss[docs] = median(recs, "peak_rss_kb")
            print(f"cursor peak RSS: {fmt(rss[small])} kB for {small} documents, {fmt(rss[big])} kB for {big}: "
                  f"ratio {rss[big] / rss[small]:.3f}")

        idle = None
        if args.only is None or "idle" in args.only.split(","):
            idle = run_program(args.bench, url, "idle", 0, ["--idle-seconds", str(args.idle_seconds)])
            print(f"idle client over {args.idle_seconds} s: {(idle['cpu_user_s'] + idle['cpu_sys_s']) * 1000:.2f} ms CPU, "
                  f"{idle['context_switches']:.0f} context switches")
            if args.check and idle["errors"] != 0:
                failures.append("idle: errors")

        ceiling = None
        if not args.check:
            ceiling = wrk_ceiling(url, args.wrk_seconds)
            print(f"emulator ceiling (wrk -t2 -c64, GET /_api/version): {fmt(ceiling)} requests/s")
        emulator_rss = rss_kb(emulator.proc.pid) if emulator else None
    finally:
        if emulator:
            stop_process(emulator.proc)

    if args.out:
        write_markdown(args.out, results, rss, idle, ceiling, args, emulator_rss, compile_cost)
        print(f"wrote {args.out}")
    if failures:
        for f in failures:
            print("FAILED:", f)
        return 1
    return 0


def ratios(lib, base):
    lt, bt = median(lib, "ops_per_sec"), median(base, "ops_per_sec")
    lc, bc = median(lib, "cpu_us_per_op"), median(base, "cpu_us_per_op")
    return (lt / bt if lt and bt else None), (lc / bc if lc and bc else None)


def show(workload, lib, base):
    tr, cr = ratios(lib, base)
    print(f"{workload:27} ops/s {fmt(median(lib, 'ops_per_sec')):>9} vs {fmt(median(base, 'ops_per_sec')):>9} "
          f"({fmt(tr)}x)   CPU µs/op {fmt(median(lib, 'cpu_us_per_op')):>7} vs {fmt(median(base, 'cpu_us_per_op')):>7} "
          f"({fmt(cr)}x)   allocs/op {fmt(median(lib, 'allocs_per_op'))} vs {fmt(median(base, 'allocs_per_op'))}",
          flush=True)


def verdict(value, target, higher_is_better):
    if value is None:
        return "–"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "**missed**"


def cpu_model():
    """The processor's model name (/proc/cpuinfo), for the machine line of the reports."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return cpu


# Sections of docs/performance.md that other scripts write (between their markers) and that
# write_markdown keeps as they are when it rewrites the file: the emulator's memory
# (emulator_memory.py) and the client soak (soak.py).
KEPT_SECTIONS = [("<!-- emulator-memory:begin -->", "<!-- emulator-memory:end -->"),
                 ("<!-- client-soak:begin -->", "<!-- client-soak:end -->")]


def write_markdown(path, results, rss, idle, ceiling, args, emulator_rss, compile_cost=None):
    cpu = cpu_model()
    lines = [
        "# Performance",
        "",
        "Generated by `scripts/bench.sh` (test/bench/run_bench.py); do not edit by hand.",
        "",
        f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
        f"libcurl {curl_version()}, against the emulator on loopback (release builds). "
        f"Each figure is the median of {args.rounds} rounds; the library (`arango-bench`) and the bare "
        "libcurl-multi baseline (`curl-baseline`: prebuilt requests, responses never decoded) ran "
        "alternately in one run, each going first in every other round. CPU is the whole client process's user + system time per operation; "
        "allocations count every malloc/calloc/realloc of the process (libcurl's included).",
        "",
    ]
    if ceiling:
        lines += [f"**Server ceiling:** wrk (2 threads, 64 connections) gets {ceiling:,.0f} requests/s of "
                  "`GET /_api/version` from the emulator. Where both programs' throughput is close to the "
                  "server's own limit for that request, the server is the bottleneck and the throughput ratio "
                  "says little; CPU per operation still compares the clients.", ""]
    lines += ["| workload | ops | library ops/s | baseline ops/s | ratio | library CPU µs/op | baseline CPU µs/op "
              "| ratio | library allocs/op | baseline allocs/op |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for workload, r in results.items():
        lib, base = r["lib"], r["base"]
        tr, cr = ratios(lib, base)
        lines.append(f"| {workload} | {r['ops']:,} | {fmt(median(lib, 'ops_per_sec'))} | "
                     f"{fmt(median(base, 'ops_per_sec'))} | {fmt(tr)} | {fmt(median(lib, 'cpu_us_per_op'))} | "
                     f"{fmt(median(base, 'cpu_us_per_op'))} | {fmt(cr)} | {fmt(median(lib, 'allocs_per_op'))} | "
                     f"{fmt(median(base, 'allocs_per_op'))} |")
    lines += ["", "Operations are calls, except insert-many (one per batch of 1,000 documents) and cursor "
              "(one per document read).",
              "",
              "The plain rows call the library as the README advises for throughput: each completion "
              "callback makes the next call (a coroutine that `co_await`s each call runs the same way, "
              "on the I/O thread). insert-many keeps one batch in flight, as the baseline does. The "
              "\"blocking\" rows make each call from a thread that waits for it (a semaphore per call; "
              "for insert-many, `insert_many(docs).get()` in a loop), so every call crosses between "
              "that thread and the I/O thread twice. The targets are judged on the plain rows; the "
              "blocking rows show what that waiting costs."]
    if "cursor" in results:
        lib, base = results["cursor"]["lib"], results["cursor"]["base"]
        lines += ["", f"**Cursor decode throughput:** the library reads and decodes (SAX, into a struct) "
                  f"{fmt(median(lib, 'mb_per_sec'))} MB/s of response bodies; the baseline, which only "
                  f"receives them, {fmt(median(base, 'mb_per_sec'))} MB/s."]
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---:|---|"]
    for workload, t in TARGETS.items():
        if workload not in results:
            continue
        tr, cr = ratios(results[workload]["lib"], results[workload]["base"])
        if "cpu" in t:
            lines.append(f"| {workload}: CPU per call ≤ {t['cpu']}× baseline | {fmt(cr)}× | "
                         f"{verdict(cr, t['cpu'], False)} |")
        if "throughput" in t:
            lines.append(f"| {workload}: throughput ≥ {t['throughput']}× baseline | {fmt(tr)}× | "
                         f"{verdict(tr, t['throughput'], True)} |")
        if "allocs" in t:
            la = median(results[workload]["lib"], "allocs_per_op")
            ba = median(results[workload]["base"], "allocs_per_op")
            ar = la / ba if la and ba else None
            lines.append(f"| {workload}: allocations per call ≤ {t['allocs']}× baseline | "
                         f"{fmt(la)} vs {fmt(ba)} ({fmt(ar)}×) | {verdict(ar, t['allocs'], False)} |")
    if rss:
        small, big = sorted(rss)
        ratio = rss[big] / rss[small]
        lines.append(f"| cursor: peak RSS for {big:,} documents within 10% of {small:,} | "
                     f"{rss[big]:,.0f} kB vs {rss[small]:,.0f} kB ({ratio:.3f}×) | {verdict(ratio, 1.10, False)} |")
    if idle:
        # "No CPU": less than one scheduler tick (10 ms) over the whole idle time.
        used = idle["cpu_user_s"] + idle["cpu_sys_s"]
        lines.append(f"| idle client: no CPU over {args.idle_seconds:g} s | {used * 1000:.2f} ms CPU, "
                     f"{idle['context_switches']:.0f} context switches | {verdict(used, 0.01, False)} |")
    if compile_cost:
        c = compile_cost
        lines.append(f"| including `<arango/arango.hpp>`: ≤ {COMPILE_COST_TARGET}× the CPU of the standard headers it "
                     f"includes (`-fsyntax-only`, min of {c['repeat']}) | {c['umbrella']:.2f} s vs "
                     f"{c['standard']:.2f} s ({c['ratio']:.2f}×) | {verdict(c['ratio'], COMPILE_COST_TARGET, False)} |")
    if emulator_rss:
        lines += ["", f"The emulator's resident memory at the end of the run: {emulator_rss / 1024:,.0f} MiB."]
    findings = os.path.join(HERE, "FINDINGS.md")
    if os.path.exists(findings):
        with open(findings) as f:
            lines += ["", f.read().rstrip()]
    # the emulator's memory figures (emulator_memory.py --out) and the client soak's (soak.py
    # --write-doc) are kept as they are
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        old = ""
    for begin, end in KEPT_SECTIONS:
        if begin in old and end in old:
            lines += ["", old[old.index(begin):old.index(end) + len(end)]]
    lines += ["", "## Reproduce", "", "```", "bash scripts/bench.sh            # builds release, writes this file",
              "python3 test/bench/emulator_memory.py --emulator build/emulator/arango-emulator --out docs/performance.md",
              "```", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def curl_version():
    try:
        out = subprocess.run(["curl-config", "--version"], capture_output=True, text=True).stdout.strip()
        return out.replace("libcurl ", "")
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
