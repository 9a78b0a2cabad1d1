#!/usr/bin/env python3
"""What a user pays to include the library: the CPU time of `-fsyntax-only` on a file that
includes <arango/arango.hpp>, against a file that includes only the standard headers that the
umbrella header reaches. Prints both figures and their ratio.

  compile_cost.py [--repeat N] [--max-ratio R] [--std c++20] SRC_INCLUDE BUILD_INCLUDE -- COMPILER...

SRC_INCLUDE is the source tree's include/ (the hand-written headers), BUILD_INCLUDE the build's
include/ (the generated ones). The standard headers are found by following the project's
`#include <arango/...>` lines from arango.hpp and collecting every other `#include <...>`.
Each file is compiled N times, alternately, and the minimum CPU time (user + system, of the
compiler and its children) of each is kept. With --max-ratio, exits 1 when the ratio is above it.

The goal (issue 18: at most 1.5x) is a benchmark figure: scripts/bench.sh measures it on a
quiet machine and writes it into docs/performance.md. The `compile-cost` test runs this script
with a wider limit, as a guard against a regression (such as the generated exception classes'
bodies coming back inline, which cost 3x) that the noise of a shared machine cannot reach.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*<([^>]+)>', re.MULTILINE)


def find_header(name, dirs):
    for d in dirs:
        path = os.path.join(d, name)
        if os.path.isfile(path):
            return path
    return None


def standard_headers(dirs):
    """Every non-project header named in an #include of a project header reachable from
    arango.hpp (in first-seen order)."""
    seen, std, todo = set(), [], ["arango/arango.hpp"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = find_header(name, dirs)
        if path is None:
            raise SystemExit(f"compile_cost: {name} not found under {dirs}")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE_RE.findall(text):
            if inc.startswith("arango/"):
                todo.append(inc)
            elif inc not in std:
                std.append(inc)
    return sorted(std), len(seen)


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        print(proc.stderr[-4000:])
        raise SystemExit(f"compile_cost: compilation failed: {' '.join(cmd)}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(src_include, build_include, compiler, repeat=3, std_flag="c++20"):
    """Compiles the umbrella TU and the standard-headers TU `repeat` times each, alternately.
    Returns a dict: umbrella/standard (min CPU seconds), ratio, the lists of times, the standard
    headers and the number of project headers."""
    # ccache would only add its own start-up to the figures (-fsyntax-only is never cached).
    compiler = [c for c in compiler if os.path.basename(c) != "ccache"]
    dirs = [src_include, build_include]
    std, own = standard_headers(dirs)

    with tempfile.TemporaryDirectory() as tmp:
        umbrella = os.path.join(tmp, "umbrella.cpp")
        baseline = os.path.join(tmp, "standard.cpp")
        with open(umbrella, "w") as f:
            f.write("#include <arango/arango.hpp>\n")
        with open(baseline, "w") as f:
            f.write("".join(f"#include <{h}>\n" for h in std))
        flags = [f"-std={std_flag}", "-Wall", "-Wextra", "-Wpedantic", "-fsyntax-only",
                 "-I", src_include, "-I", build_include]
        times = {"umbrella": [], "standard": []}
        for _ in range(repeat):
            times["standard"].append(cpu_seconds(compiler + flags + [baseline]))
            times["umbrella"].append(cpu_seconds(compiler + flags + [umbrella]))

    u, s = min(times["umbrella"]), min(times["standard"])
    return {"umbrella": u, "standard": s, "ratio": u / s if s > 0 else float("inf"),
            "times": times, "std_headers": std, "own_headers": own, "repeat": repeat}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-ratio", type=float, default=None)
    ap.add_argument("--std", default="c++20")
    ap.add_argument("src_include")
    ap.add_argument("build_include")
    ap.add_argument("compiler", nargs="+")
    args = ap.parse_args()

    m = measure(args.src_include, args.build_include, args.compiler, args.repeat, args.std)
    std, times, ratio = m["std_headers"], m["times"], m["ratio"]
    print(f"{m['own_headers']} project headers reach {len(std)} standard headers: {' '.join(std)}")
    print(f"standard headers alone : {m['standard']:.3f} s CPU (min of {args.repeat}: "
          f"{', '.join(f'{t:.3f}' for t in times['standard'])})")
    print(f"<arango/arango.hpp>    : {m['umbrella']:.3f} s CPU (min of {args.repeat}: "
          f"{', '.join(f'{t:.3f}' for t in times['umbrella'])})")
    print(f"ratio                  : {ratio:.2f}x" +
          (f" (limit {args.max_ratio:.2f}x)" if args.max_ratio is not None else ""))
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"FAIL: including <arango/arango.hpp> costs {ratio:.2f}x its standard headers")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
