#!/usr/bin/env python3
"""Runs an integration test with its clients' log lines and observer events written to a file
(ARANGO_TEST_LOG, see testenv::logged in test/support/test_env.hpp), then fails when any line
carries a credential: a JWT, an Authorization header value, a password field, or one of the
secrets the test used (--forbid).

  check_logs.py --log FILE [--forbid TEXT]... -- COMMAND [ARGS...]

Exits with the command's status when it failed; otherwise 1 when FILE has no line (the clients
logged nothing, so the check would prove nothing) or a line is forbidden, else 0.
"""
import os
import re
import subprocess
import sys

PATTERNS = [
    ("a JWT", re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    ("an Authorization header", re.compile(r"authorization\s*[:=]", re.I)),
    ("HTTP Basic credentials", re.compile(r"\bbasic\s+[A-Za-z0-9+/]{8,}={0,2}", re.I)),
    ("a bearer token", re.compile(r"\bbearer\s+\S{8,}", re.I)),
    ("a password field", re.compile(r'"passw(or)?d"\s*:', re.I)),
]


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    sep = argv.index("--")
    opts, command = argv[:sep], argv[sep + 1:]
    log, forbidden = None, []
    i = 0
    while i < len(opts):
        if opts[i] == "--log":
            log = opts[i + 1]
        elif opts[i] == "--forbid":
            forbidden.append(opts[i + 1])
        else:
            sys.exit(f"unknown option {opts[i]}\n{__doc__}")
        i += 2
    if not log or not command:
        sys.exit(__doc__)
    os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
    if os.path.exists(log):
        os.remove(log)
    status = subprocess.run(command, env=dict(os.environ, ARANGO_TEST_LOG=log)).returncode
    if status != 0:
        return status
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        lines = []
    if not lines:
        print(f"check_logs: {log} has no line: the test's clients logged nothing")
        return 1
    problems = []
    for n, line in enumerate(lines, 1):
        for what, pattern in PATTERNS:
            if pattern.search(line):
                problems.append(f"{log}:{n}: {what}: {line[:300]}")
        for secret in forbidden:
            if secret and secret in line:
                problems.append(f"{log}:{n}: the secret {secret!r}: {line[:300]}")
    for p in problems[:50]:
        print(p)
    kinds = {k: sum(1 for l in lines if l.startswith(k + " ")) for k in
             ("debug", "info", "warning", "error", "start", "attempt", "end")}
    print(f"check_logs: {len(lines)} lines ({', '.join(f'{k} {v}' for k, v in kinds.items())}), "
          f"{len(problems)} with a credential")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
