#!/usr/bin/env python3
"""Counts Meson test results from testlog.json files.

    summarize_tests.py [--label WORDS] testlog.json [...]

Prints "<label>: N passed, N failed" with a label, or the plain "N passed, N failed" without.
Without a label (the last line CI reads) it first names every test that did not pass, with the
end of its output, so a CI log that keeps only its tail still shows what failed and why."""
import json
import sys

TAIL_LINES = 12

args = sys.argv[1:]
label = None
if args[:1] == ["--label"]:
    label, args = args[1], args[2:]
passed = failed = skipped = 0
failures = []
for path in args:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1  # a suite that never ran counts as a failure
        failures.append((path, "NOT RUN", 0.0, "no test log"))
        continue
    for line in lines:
        if not line.strip():
            continue
        entry = json.loads(line)
        result = entry.get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            output = (entry.get("stdout") or "") + (entry.get("stderr") or "")
            tail = "\n".join(output.rstrip().splitlines()[-TAIL_LINES:])
            failures.append((entry.get("name", "?"), result, entry.get("duration", 0.0), tail))
if label is None:
    for name, result, duration, tail in failures:
        print(f"not passed: {name} ({result} after {duration:.1f} s); its last lines:")
        for text in tail.splitlines():
            print(f"    {text[:300]}")
summary = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(f"{label}: {summary}" if label else summary)
