#!/usr/bin/env python3
"""The lower layers do not reach the API's error classes: each source of lib/json and lib/http
is preprocessed with its own build command (from compile_commands.json) and fails the check if
it includes <arango/exceptions.hpp> or <arango/server_error.hpp> (the generated API exception
classes, ArangoServerError and its Response). They throw client-side errors only, from
<arango/client_exceptions.hpp>.

  check_layers.py BUILD_DIR SOURCE_ROOT
"""
import json
import os
import shlex
import subprocess
import sys

build_dir, source_root = sys.argv[1:3]
LAYERS = ("lib/json/", "lib/http/")
FORBIDDEN = ("arango/exceptions.hpp", "arango/server_error.hpp", "arango/errors.hpp")

with open(os.path.join(build_dir, "compile_commands.json")) as f:
    entries = json.load(f)

checked, bad = 0, []
for e in entries:
    src = os.path.relpath(os.path.normpath(os.path.join(e["directory"], e["file"])), source_root)
    if not src.startswith(LAYERS) or "libarango-async" not in e.get("output", e["command"]):
        continue
    args = shlex.split(e["command"])
    if os.path.basename(args[0]) == "ccache":
        args = args[1:]
    cmd, skip = [], False
    for a in args:  # drop the object and dependency-file outputs; list the headers instead
        if skip:
            skip = False
        elif a in ("-o", "-MQ", "-MF", "-MT"):
            skip = True
        elif a not in ("-c", "-MD", "-MMD"):
            cmd.append(a)
    proc = subprocess.run(cmd + ["-MM"], cwd=e["directory"], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        sys.exit(f"FAIL: could not list the headers of {src}")
    deps = proc.stdout.replace("\\\n", " ").split()
    checked += 1
    reached = [h for h in FORBIDDEN if any(d.endswith("/" + h) for d in deps)]
    print(f"{src}: {len(deps) - 2} headers" + (f", including {', '.join(reached)}" if reached else ""))
    if reached:
        bad.append(src)

if checked < 3:
    sys.exit(f"FAIL: only {checked} sources of {', '.join(LAYERS)} found in compile_commands.json")
if bad:
    sys.exit("FAIL: these reach the API's error classes: " + ", ".join(bad))
print(f"OK: {checked} sources of lib/json and lib/http include client-side errors only")
