#!/usr/bin/env python3
"""Counts Meson test results from testlog.json files.

    summarize_tests.py [--label WORDS] testlog.json [...]

Prints "<label>: N passed, N failed" with a label, or the plain "N passed, N failed" without."""
import json
import sys

args = sys.argv[1:]
label = None
if args[:1] == ["--label"]:
    label, args = args[1], args[2:]
passed = failed = skipped = 0
for path in args:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1  # a suite that never ran counts as a failure
        continue
    for line in lines:
        if not line.strip():
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
summary = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(f"{label}: {summary}" if label else summary)
