#!/usr/bin/env python3
"""The shared library exports namespace arango and nothing else.

  check_exports.py LIBRARY

Runs `nm -D --defined-only` on LIBRARY and fails if a defined dynamic symbol's outermost scope
is not ::arango (judged on the mangled name, so that a template's return type or argument
cannot hide where the symbol lives: `typeinfo for std::_Sp_counted_ptr_inplace<arango::X>` is
std's, `std::string arango::f<int>()` is arango's), printing the offenders demangled. It also
fails unless the typeinfo of the exception roots and of a generated class is exported: user code
catches the library's exceptions by type.
"""
import re
import subprocess
import sys

library = sys.argv[1]

# _Z, then an optional special-name prefix (vtable, VTT, typeinfo, typeinfo name, guard
# variable, local-static scope, thunk), then a nested name whose first component is `arango`.
ARANGO = re.compile(r"^_Z(?:T[VTIS]|GV|Th[n]?\d+_|Tv[n]?\d+_[n]?\d+_)?Z?N[rVKRO]*6arango")
# What the ABI puts in every shared library, whatever its sources.
ABI = {"_init", "_fini"}
MUST_EXPORT = ["_ZTIN6arango2v111ArangoErrorE", "_ZTIN6arango2v117ArangoServerErrorE",
               "_ZTIN6arango2v117ArangoClientErrorE", "_ZTIN6arango2v119DocumentInsertErrorE",
               "_ZTIN6arango2v121ClientConnectionErrorE"]


def demangle(names):
    if not names:
        return []
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True)
    return out.stdout.splitlines() if out.returncode == 0 else names


proc = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True)
if proc.returncode != 0:
    sys.exit(f"FAIL: nm -D {library}: {proc.stderr}")
symbols = [line.split()[-1] for line in proc.stdout.splitlines() if line.strip()]
ours = [s for s in symbols if ARANGO.match(s)]
others = [s for s in symbols if not ARANGO.match(s) and s not in ABI]
print(f"{len(symbols)} exported symbols, {len(ours)} of them in namespace arango")

failed = False
if others:
    failed = True
    print(f"FAIL: {len(others)} exported symbols outside namespace arango:")
    for name in sorted(demangle(others))[:200]:
        print("  " + name[:300])
missing = [s for s in MUST_EXPORT if s not in symbols]
if missing:
    failed = True
    print("FAIL: not exported (user code could not catch these by type):")
    for name in demangle(missing):
        print("  " + name)
if len(ours) < 100:
    failed = True
    print("FAIL: too few arango symbols: is this the library?")
if failed:
    sys.exit(1)
print("OK: namespace arango only, exception typeinfo included")
