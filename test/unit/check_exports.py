#!/usr/bin/env python3
"""The shared library exports namespace arango, and of its namespace detail only what the public
headers' inline code calls.

  check_exports.py LIBRARY INCLUDE_DIR

Runs `nm -D --defined-only` on LIBRARY and fails
- if a defined dynamic symbol's outermost scope is not ::arango (judged on the mangled name, so
  that a template's return type or argument cannot hide where the symbol lives: `typeinfo for
  std::_Sp_counted_ptr_inplace<arango::X>` is std's, `std::string arango::f<int>()` is arango's);
- if a symbol of arango::detail is exported that is neither on DETAIL_EXPORTS below nor an
  operation (`detail::ops::NAME`) that a public header declares and calls: vtables, typeinfo,
  template instantiations and helpers only the library calls stay hidden (ARANGO_INTERNAL,
  <arango/export.hpp>);
- if an entry of DETAIL_EXPORTS is not exported, or is no longer called by the inline code of a
  public header under INCLUDE_DIR (the list stays exactly what users' programs link to);
- unless the typeinfo of the exception roots and of a generated class is exported: user code
  catches the library's exceptions by type.
docs/architecture.md ("What the shared library exports") explains the list.
"""
import pathlib
import re
import subprocess
import sys

library = sys.argv[1]
include_dir = pathlib.Path(sys.argv[2])

# _Z, then an optional special-name prefix (vtable, VTT, typeinfo, typeinfo name, guard
# variable, local-static scope, thunk), then a nested name whose first component is `arango`.
ARANGO = re.compile(r"^_Z(?:T[VTIS]|GV|Th[n]?\d+_|Tv[n]?\d+_[n]?\d+_)?Z?N[rVKRO]*6arango")
# The same, with arango::v1::detail as the scope.
DETAIL = re.compile(ARANGO.pattern + r"2v16detail")
# What the ABI puts in every shared library, whatever its sources.
ABI = {"_init", "_fini"}
MUST_EXPORT = ["_ZTIN6arango2v111ArangoErrorE", "_ZTIN6arango2v117ArangoServerErrorE",
               "_ZTIN6arango2v117ArangoClientErrorE", "_ZTIN6arango2v119DocumentInsertErrorE",
               "_ZTIN6arango2v121ClientConnectionErrorE"]

# The functions of namespace detail that the public headers' templates and inline functions
# call, so users' programs link to them. Besides these, the operations (detail::ops::NAME, one
# per public method, declared in include/arango/detail/ops_*.hpp and a few class headers).
DETAIL_EXPORTS = {
    # executor.hpp: how an execution context hands an operation to the connection
    "send": "sends an operation's request through the connection",
    "schedule": "a timer on the connection's loop (AsyncJob polling)",
    "io_thread_of": "the connection's I/O thread, for the deadlock check of a blocking get()",
    "db_name_of": "DefaultApiExecutor::db_name()",
    "check_response": "the executor's envelope and queue-time check before a decoder runs",
    "current_decode_error": "a decoder's exception as the call's error",
    "call_decoded": "ends the observed call with what its decoder delivers (CallObserver, metrics)",
    # async.hpp
    "throw_deadlock": "get() on the I/O thread",
    # the typed decoders (detail/ops_collection.hpp, ops_graph.hpp, ops_cursor.hpp)
    "meta_parts": "a write result's metadata",
    "write_meta": "a single write result, compact form without a parser",
    "bulk_parts": "a multi-document result's elements",
    "scan_bulk_meta": "a multi-document result in compact form without a parser",
    "graph_meta_parts": "a vertex or edge write result",
    "cursor_meta": "a cursor batch's metadata",
    "parse_cursor_body": "a cursor batch's documents into the caller's type",
    "check_next_batch": "Cursor's check that a fetch of the next batch moved it on",
    "collection_of": "the collection of a document id or body",
    # json.hpp, document.hpp: reading JSON into the caller's type
    "parse_sax_in_place": "from_json of a response body",
    "replay": "from_json of a Json value",
    # fields.hpp: a JsonFields type's reader, and a Json (or from_json) field's value
    "fields_reader": "Deserializer<T> of a JsonFields type",
    "json_capture": "a Json field, or a field read by its own from_json",
    "captured_json": "the value a json_capture() handler collected",
}

# arango::v1::detail::NAME or arango::v1::detail::ops::NAME, as c++filt prints a function.
DETAIL_NAME = re.compile(r"^arango::v1::detail::((?:ops::)?[A-Za-z_]\w*)(?:\[abi:\w+\])*\(")


def demangle(names):
    if not names:
        return []
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True)
    return out.stdout.splitlines() if out.returncode == 0 else names


def public_header_calls():
    """How often each NAME( occurs in the public headers, comments left out."""
    counts = {}
    for path in include_dir.rglob("*.hpp"):
        text = re.sub(r"//[^\n]*", "", path.read_text())
        for name in re.findall(r"\b([A-Za-z_]\w*)\s*\(", text):
            counts[name] = counts.get(name, 0) + 1
    return counts


proc = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True)
if proc.returncode != 0:
    sys.exit(f"FAIL: nm -D {library}: {proc.stderr}")
symbols = [line.split()[-1] for line in proc.stdout.splitlines() if line.strip()]
ours = [s for s in symbols if ARANGO.match(s)]
others = [s for s in symbols if not ARANGO.match(s) and s not in ABI]
detail = [s for s in symbols if DETAIL.match(s)]
print(f"{len(symbols)} exported symbols, {len(ours)} of them in namespace arango, "
      f"{len(detail)} in arango::detail")

failed = False
if others:
    failed = True
    print(f"FAIL: {len(others)} exported symbols outside namespace arango:")
    for name in sorted(demangle(others))[:200]:
        print("  " + name[:300])

# A name is declared and called in a public header when NAME( occurs there at least twice.
calls = public_header_calls()
unlisted, exported_helpers, ops = [], set(), set()
for mangled, name in zip(detail, demangle(detail)):
    m = DETAIL_NAME.match(name)
    short = m.group(1) if m else None
    if short in DETAIL_EXPORTS:
        exported_helpers.add(short)
    elif short and short.startswith("ops::") and calls.get(short[5:], 0) >= 2:
        ops.add(short)
    elif re.fullmatch(r"typeinfo(?: name)? for arango::v1::detail::BulkMetaSink", name):
        pass  # the base of the Sink that to_bulk_meta (public inline code) derives; debug builds emit it
    else:
        unlisted.append(name)
if unlisted:
    failed = True
    print(f"FAIL: {len(unlisted)} symbols of arango::detail exported that are not on the list "
          "(mark them ARANGO_INTERNAL, or, when a public header's inline code calls them, add them "
          "to DETAIL_EXPORTS and docs/architecture.md):")
    for name in sorted(unlisted)[:200]:
        print("  " + name[:300])
stale = sorted(n for n in DETAIL_EXPORTS if n not in exported_helpers or calls.get(n, 0) < 2)
if stale:
    failed = True
    print("FAIL: on DETAIL_EXPORTS but not exported, or not called by a public header: "
          + ", ".join(stale))
print(f"arango::detail exports {len(exported_helpers)} listed helpers and {len(ops)} operations")

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
print("OK: namespace arango only; of arango::detail only the listed helpers and the operations; "
      "exception typeinfo included")
