#!/usr/bin/env python3
"""The client soak (issue 23): arango-soak against a fresh emulator, its figures in the report.

    soak.py --soak PATH --emulator PATH [--launcher PATH]
            [--seconds 1800] [--warmup-seconds 60] [--report-seconds 60] [--inflight 256]
            [--fault-every 20] [--fault-seconds 5] [--timeout-ms 10000]
            [--write-doc docs/performance.md] [--note TEXT] [--save-json FILE] [--check]

Runs `arango-emulator-run --emulator EMULATOR -- arango-soak ...` (the launcher starts the
emulator on a free port, exports ARANGO_URL and the rest, and stops it afterwards; with
ARANGO_URL already set it runs arango-soak against that server, without faults unless it is an
emulator). arango-soak's progress lines are passed through; its last line, "SOAK_JSON {...}",
holds the figures.

--save-json writes the SOAK_JSON record to FILE. With --write-doc the figures replace the "Client soak" section of that Markdown file (between
the client-soak markers; run_bench.py keeps the section when it rewrites the file). The issue's
target: the client's RSS at the end within 5% of its RSS after the first minute.

--check makes the run a test (the bench-soak-smoke test): it fails when arango-soak fails or
crashes, reports a bug (a hang, an error that is not a typed arango error, a wrong result, a
call left pending), prints no figures, or did not run every kind of operation. The RSS change
is printed, never judged: a short run on a shared machine is no figure to fail on.
"""
import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from emulator_memory import write_section  # noqa: E402  (beside this file)
from run_bench import cpu_model, curl_version  # noqa: E402

ROOT_PASSWORD = "soak-root-pw"
BEGIN = "<!-- client-soak:begin -->"
END = "<!-- client-soak:end -->"
RSS_TARGET_PCT = 5.0  # issue 23: RSS at the end within 5% of the RSS after the first minute
OPERATIONS = ["get", "insert", "replace", "update", "delete", "cursor", "transaction", "async-job"]


def build_type(program):
    """The buildtype (and sanitizers) of the Meson build dir holding `program`, or None."""
    d = os.path.dirname(os.path.abspath(program))
    for _ in range(4):
        info = os.path.join(d, "meson-info", "intro-buildoptions.json")
        if os.path.exists(info):
            with open(info) as f:
                opts = {o["name"]: o["value"] for o in json.load(f)}
            kind = opts.get("buildtype", "?")
            if opts.get("b_sanitize", "none") != "none":
                kind += f", -fsanitize={opts['b_sanitize']}"
            return kind
        d = os.path.dirname(d)
    return None


def run_soak(args):
    launcher = args.launcher or os.path.join(os.path.dirname(os.path.abspath(args.emulator)), "arango-emulator-run")
    cmd = [sys.executable, launcher, "--emulator", args.emulator, "--root-password", ROOT_PASSWORD, "--",
           args.soak, "--seconds", str(args.seconds), "--warmup-seconds", str(args.warmup_seconds),
           "--report-seconds", str(args.report_seconds), "--inflight", str(args.inflight),
           "--fault-every", str(args.fault_every), "--fault-seconds", str(args.fault_seconds),
           "--timeout-ms", str(args.timeout_ms), "--docs", str(args.docs)]
    if args.seed:
        cmd += ["--seed", str(args.seed)]
    print("soak:", " ".join(cmd), flush=True)
    # A process group of its own: on a timeout the launcher, the emulator and arango-soak are
    # stopped together.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True)
    # The longest a run may take: its duration, set-up, and the end's drain (every call within
    # its deadline); beyond it arango-soak hangs.
    limit = args.seconds + 3 * args.timeout_ms / 1000 + 180
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(limit, kill)
    timer.start()
    record = None
    try:
        for line in proc.stdout:
            if line.startswith("SOAK_JSON "):
                record = json.loads(line[len("SOAK_JSON "):])
            else:
                sys.stdout.write(line)
                sys.stdout.flush()
        code = proc.wait()
    finally:
        timer.cancel()
    if timed_out.is_set():
        print(f"soak: FAILED: no end after {limit:.0f} s: killed", flush=True)
    return code, record, timed_out.is_set()


def problems_of(code, record, timed_out):
    """What makes --check fail."""
    out = []
    if timed_out:
        out.append("arango-soak did not end (a hang)")
    if code != 0:
        out.append(f"arango-soak exited with {code}")
    if record is None:
        out.append("no SOAK_JSON line (a crash?)")
        return out
    if record["bugs"]:
        out.append(f"{record['bugs']:.0f} bugs: {record['bug_list']}")
    if record["leftover_calls"]:
        out.append(f"{record['leftover_calls']:.0f} calls never completed")
    if record["callback_exceptions"]:
        out.append(f"{record['callback_exceptions']:.0f} exceptions escaped callbacks")
    if record["calls"] <= 0:
        out.append("no calls made")
    for op in OPERATIONS:
        if record["ops"].get(op, 0) <= 0:
            out.append(f"no {op} operation ran")
    return out


def fmt(v):
    return f"{v:,.0f}"


def markdown(record, args, build):
    r = record
    seconds = r["seconds"]
    change = r["rss_change_pct"]
    met = abs(change) <= RSS_TARGET_PCT
    minutes = seconds / 60
    duration = f"{minutes:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} s"
    lines = [BEGIN, "## Client soak", "",
             "Generated by `test/bench/soak.py --write-doc` (issue 23); do not edit by hand.", ""]
    machine = (f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu_model()}), "
               f"libcurl {curl_version()}, {build or 'unknown'} build, against arango-emulator on loopback "
               "(the emulator shares the machine's cores with the client).")
    if getattr(args, "loadavg", None):
        machine += (f" Load average (1 min): {args.loadavg[0]:.1f} before the run, {args.loadavg[1]:.1f} at its end "
                    "(the client and the emulator together keep up to two cores busy).")
    if args.note:
        machine += " " + args.note.strip()
    lines += [machine, ""]
    if seconds < 1800:
        lines += [f"**This run lasted {duration}; the issue's soak is 30 minutes** "
                  "(`soak.py --seconds 1800`, the default).", ""]
    lines += [f"`arango-soak` kept {r['inflight']:.0f} calls in flight for {duration} through the public API "
              "(each completion callback makes its chain's next call): document reads, inserts with unique "
              "keys, replaces, updates and deletes (of documents the run inserted; an insert is a delete "
              "while 2,048 are left, so the collection keeps its size); AQL cursors of 40 documents in "
              "batches of 10, read to the end; stream transactions (begin, an insert, half of the time an "
              "update, then commit, or abort one in five); async jobs (a document read or a query, waited "
              "for by polling, result fetched). Results are checked: a read gives the document asked for, a "
              "cursor its 40 documents in order, a write the key it was given. "
              f"Every call had a {r['timeout_ms'] / 1000:g} s deadline. "
              + (f"Every {r['fault_every']:g} s one of the emulator's faults was injected for "
                 f"{r['fault_seconds']:g} s (each kind in turn, on a random API path, limited to a number of "
                 "requests): a delay, a connection reset, a truncated answer, a garbage body, a 503, or no "
                 "answer at all." if r["fault_every"] else
                 "No faults were injected" + (f" ({r['fault_note']})." if r["fault_note"] else ".")),
              ""]
    lines += ["| figure | value |", "|---|---:|",
              f"| duration | {seconds:,.0f} s |",
              f"| calls | {fmt(r['calls'])} ({fmt(r['calls_per_sec'])}/s) |",
              f"| client RSS after the warm-up ({r['warmup_seconds']:g} s) | {fmt(r['rss_warmup_kb'])} kB |",
              f"| client RSS at the end | {fmt(r['rss_end_kb'])} kB |",
              f"| change | {change:+.2f}% |",
              f"| client RSS once every call had ended | {fmt(r['rss_drained_kb'])} kB |",
              f"| peak RSS | {fmt(r['rss_peak_kb'])} kB |",
              f"| client RSS after that, once malloc_trim(0) gave free memory back | {fmt(r['rss_trimmed_kb'])} kB |",
              f"| heap in use (malloc) after the warm-up, at the end | {fmt(r['heap_warmup_kb'])} kB, "
              f"{fmt(r['heap_end_kb'])} kB |",
              f"| memory malloc holds after the warm-up, at the end | {fmt(r['malloc_warmup_kb'])} kB, "
              f"{fmt(r['malloc_end_kb'])} kB |",
              f"| CPU per call after the warm-up (client process) | {r['cpu_us_per_call']:.1f} µs |",
              f"| calls that failed (typed arango errors) | {fmt(sum(r['failed_by_class'].values()))} |",
              f"| bugs: hangs, untyped exceptions, wrong results, calls never completed | "
              f"{r['bugs'] + r['leftover_calls'] + r['callback_exceptions']:.0f} |",
              "",
              "| target | measured | |", "|---|---:|---|",
              f"| client RSS at the end within {RSS_TARGET_PCT:g}% of the RSS after the first minute "
              f"(here: after {r['warmup_seconds']:g} s) | "
              f"{change:+.2f}% | {'met' if met else '**missed**'} |", ""]
    # Calls by kind.
    lines += ["| call | calls | ok | failed, by error class | longest (ms) |", "|---|---:|---:|---|---:|"]
    for kind, k in r["kinds"].items():
        if not k["calls"]:
            continue
        failed = ", ".join(f"{name} {n:,}" for name, n in sorted(k["failed"].items())) or "–"
        lines.append(f"| {kind} | {fmt(k['calls'])} | {fmt(k['ok'])} | {failed} | {fmt(k['max_ms'])} |")
    lines += ["", "Operations: " + ", ".join(f"{op} {n:,}" for op, n in r["ops"].items()) + "."
              + (" maintenance is the driver's clear_async_jobs of job results left on the server, once a "
                 "minute, on a client of its own." if r["kinds"].get("maintenance", {}).get("calls") else ""), ""]
    if r["failed_by_class"]:
        lines += ["Failures by error class: " + ", ".join(f"{name} {n:,}" for name, n in
                                                          sorted(r["failed_by_class"].items())) + ".", ""]
    if r["faults"]:
        by_kind = {}
        for f in r["faults"]:
            n, hits = by_kind.get(f["kind"], (0, 0))
            by_kind[f["kind"]] = (n + 1, hits + f["hits"])
        lines += ["Faults injected (times, requests they took): " + ", ".join(
            f"{kind} {n} ({hits:,})" for kind, (n, hits) in sorted(by_kind.items())) + ".", ""]
    if r["rss_samples"]:
        lines += ["Over the run (at each progress line: seconds, client RSS, heap in use, calls per second since "
                  "the line before):", "",
                  "| s | RSS kB | heap kB | calls/s |", "|---:|---:|---:|---:|"]
        last_t, last_calls = 0.0, 0
        for t, rss, heap, _malloc, calls in r["rss_samples"]:
            rate = (calls - last_calls) / (t - last_t) if t > last_t else 0
            lines.append(f"| {t:,.0f} | {rss:,} | {heap:,} | {rate:,.0f} |")
            last_t, last_calls = t, calls
        lines.append("")
    if r["jobs_not_done"]:
        lines += [f"{r['jobs_not_done']:.0f} async jobs were still pending when their wait ended.", ""]
    lines += ["```",
              "meson setup build-rel --buildtype=release && ninja -C build-rel test/bench/arango-soak "
              "emulator/arango-emulator emulator/arango-emulator-run",
              "python3 test/bench/soak.py --soak build-rel/test/bench/arango-soak "
              "--emulator build-rel/emulator/arango-emulator --write-doc docs/performance.md",
              "```", "", END]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--soak", required=True, help="the arango-soak program")
    ap.add_argument("--emulator", required=True, help="the arango-emulator program")
    ap.add_argument("--launcher", help="arango-emulator-run (default: the one beside --emulator)")
    ap.add_argument("--seconds", type=float, default=1800)
    ap.add_argument("--warmup-seconds", type=float, default=60)
    ap.add_argument("--report-seconds", type=float, default=60)
    ap.add_argument("--inflight", type=int, default=256)
    ap.add_argument("--fault-every", type=float, default=20)
    ap.add_argument("--fault-seconds", type=float, default=5)
    ap.add_argument("--timeout-ms", type=int, default=10000)
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write-doc", help="Markdown file whose Client soak section gets the figures")
    ap.add_argument("--note", help="a sentence about the machine or the run, for the report")
    ap.add_argument("--save-json", help="write the SOAK_JSON record to this file")
    ap.add_argument("--check", action="store_true", help="fail on hangs, untyped errors, calls left pending")
    args = ap.parse_args()

    load_before = os.getloadavg()[0]
    code, record, timed_out = run_soak(args)
    args.loadavg = (load_before, os.getloadavg()[0])
    problems = problems_of(code, record, timed_out)
    if record:
        print(f"soak: RSS {record['rss_warmup_kb']:,.0f} kB after the warm-up, {record['rss_end_kb']:,.0f} kB at "
              f"the end ({record['rss_change_pct']:+.2f}%; target within {RSS_TARGET_PCT:g}%), "
              f"{record['calls']:,.0f} calls ({record['calls_per_sec']:,.0f}/s), "
              f"{sum(record['failed_by_class'].values()):,} failed with typed errors, "
              f"{record['bugs']:.0f} bugs", flush=True)
    if args.save_json and record is not None:
        with open(args.save_json, "w") as f:
            json.dump(record, f, indent=1)
    if args.write_doc and record is not None:
        write_section(args.write_doc, markdown(record, args, build_type(args.soak)), BEGIN, END)
        print(f"soak: wrote the Client soak section of {args.write_doc}")
    for p in problems:
        print("soak: FAILED:", p)
    if args.check:
        return 1 if problems else 0
    return 0 if code == 0 and record is not None else 1


if __name__ == "__main__":
    sys.exit(main())
