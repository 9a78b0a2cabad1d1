#!/usr/bin/env python3
"""Compiles a file that includes <arango/arango.hpp> and lists every header it pulls in.
Fails unless all of them are the project's own or the C/C++ standard library's.

One public header is exempt, explicitly: <arango/asio.hpp>, the optional header-only adapter
for Asio's completion tokens, includes Boost.Asio or standalone Asio. The umbrella header must
never reach it, and no other public header may include a third-party header."""
import os
import re
import subprocess
import sys
import tempfile

compiler, src_include, build_include = sys.argv[1:4]
# Optional public headers that include a third-party library; never reached from arango.hpp.
OPTIONAL_HEADERS = {"asio.hpp": "Asio completion tokens: includes <boost/asio/...> or <asio/...>"}
FORBIDDEN = ("curl/", "rapidjson/", "jwt/", "openssl/", "zlib.h", "zconf.h", "boost/", "nlohmann/", "catch2/")
# Standard-library and libc locations on Debian (libstdc++, glibc, kernel uapi headers glibc uses).
ALLOWED_PREFIXES = ("/usr/include/c++/", "/usr/include/x86_64-linux-gnu/", "/usr/lib/gcc/",
                    "/usr/include/aarch64-linux-gnu/", "/usr/include/linux/", "/usr/include/asm-generic/")
# clang's own headers (stddef.h, stdint.h, ...), as /usr/lib/gcc/ holds GCC's.
COMPILER_OWN = re.compile(r"^/usr/lib/llvm-[0-9]+/lib/clang/[^/]+/include/")
LIBC_TOP = {"alloca.h", "asm", "assert.h", "bits", "ctype.h", "endian.h", "errno.h",
            "features-time64.h", "features.h", "fenv.h", "gnu", "iconv.h", "inttypes.h",
            "langinfo.h", "libintl.h", "limits.h", "linux", "locale.h", "math.h", "monetary.h",
            "nl_types.h", "pthread.h", "sched.h", "semaphore.h", "setjmp.h", "signal.h",
            "stdarg.h", "stdc-predef.h", "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "string.h",
            "strings.h", "sys", "syscall.h", "time.h", "uchar.h", "unistd.h", "wchar.h", "wctype.h"}

with tempfile.TemporaryDirectory() as tmp:
    tu = os.path.join(tmp, "umbrella.cpp")
    with open(tu, "w") as f:
        f.write("#include <arango/arango.hpp>\nint main() { arango::Json j; return j.is_null() ? 0 : 1; }\n")
    cmd = [compiler, "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only", "-H",
           "-I", src_include, "-I", build_include, tu]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr)
        print("FAIL: <arango/arango.hpp> does not compile on its own")
        sys.exit(1)

own = (os.path.realpath(src_include) + "/", os.path.realpath(build_include) + "/")
headers = set()
for line in proc.stderr.splitlines():
    stripped = line.lstrip(".")
    if line.startswith(".") and stripped.startswith(" "):
        headers.add(os.path.realpath(stripped.strip()))

bad = []
for h in sorted(headers):
    if h.startswith(own):
        continue
    if any(f in h for f in FORBIDDEN):
        bad.append(h)
        continue
    if h.startswith(ALLOWED_PREFIXES) or COMPILER_OWN.match(h):
        continue
    if h.startswith("/usr/include/"):
        top = h[len("/usr/include/"):].split("/")[0]
        if top in LIBC_TOP:
            continue
    bad.append(h)

optional_reached = [h for h in headers if h.startswith(own) and os.path.basename(h) in OPTIONAL_HEADERS
                    and os.path.basename(os.path.dirname(h)) == "arango"]
if optional_reached:
    print("FAIL: <arango/arango.hpp> reaches an optional header: " + ", ".join(optional_reached))
    sys.exit(1)

# The hand-written public headers, by their own #include lines: only the exempt ones name a
# third-party header (Asio is outside FORBIDDEN's list, so name it here).
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
THIRD_PARTY = FORBIDDEN + ("asio.hpp", "asio/")
for root, _dirs, files in os.walk(os.path.join(src_include, "arango")):
    for name in files:
        path = os.path.join(root, name)
        if not name.endswith(".hpp") or (name in OPTIONAL_HEADERS and root.endswith("arango")):
            continue
        with open(path, encoding="utf-8") as f:
            for inc in INCLUDE.findall(f.read()):
                if inc.startswith("arango/"):
                    continue
                if any(inc.startswith(t) for t in THIRD_PARTY):
                    print(f"FAIL: {path} includes <{inc}>; only {sorted(OPTIONAL_HEADERS)} may")
                    sys.exit(1)

own_count = sum(1 for h in headers if h.startswith(own))
print(f"{len(headers)} headers included, {own_count} of them the project's")
if own_count < 10:
    print("FAIL: the umbrella header pulled in too few project headers; the check did not run")
    sys.exit(1)
if bad:
    print("FAIL: third-party or unexpected headers reached through <arango/arango.hpp>:")
    for h in bad:
        print("  " + h)
    sys.exit(1)
print("OK: only the standard library and the project's own headers")
