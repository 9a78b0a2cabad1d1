#!/usr/bin/env bash
# Builds the API reference from the public headers' /// comments with Doxygen (installed from
# Debian when missing) and fails on any Doxygen warning, an undocumented public entity included.
#   scripts/apidocs.sh [OUTDIR]    OUTDIR defaults to build/apidocs; open OUTDIR/html/index.html
# Input: include/arango/ (not detail/) and the error headers tools/gen_errors.py generates from
# lib/errors/*.tsv (generated here into OUTDIR/generated/, so no configured build is needed);
# docs/api/mainpage.md is the main page. Settings: docs/api/Doxyfile. Warnings: OUTDIR/warnings.log.
source "$(dirname "$0")/common.sh"
if ! command -v doxygen >/dev/null; then
  PACKAGES=(doxygen)
  ensure_packages
fi

out="${1:-$ROOT/build/apidocs}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
gen="$out/generated/arango"
rm -rf "$out/html" "$gen"
mkdir -p "$gen"

echo "generating the error headers from lib/errors/*.tsv"
python3 "$ROOT/tools/gen_errors.py" "$ROOT/lib/errors/exceptions.tsv" "$ROOT/lib/errors/errors.tsv" \
  "$gen/exceptions.hpp" "$gen/errno.hpp" "$gen/errno.cpp" "$gen/client_exceptions.hpp" "$gen/exceptions.cpp"
rm -f "$gen/errno.cpp" "$gen/exceptions.cpp"

echo "running $(doxygen --version | sed 's/^/doxygen /') into $out/html"
log="$out/warnings.log"
rm -f "$log"
cd "$ROOT"
status=0
{
  cat docs/api/Doxyfile
  echo "INPUT = docs/api/mainpage.md docs/api/namespaces.dox include/arango $gen"
  echo "USE_MDFILE_AS_MAINPAGE = docs/api/mainpage.md"
  echo "STRIP_FROM_PATH = $ROOT $out/generated"
  echo "STRIP_FROM_INC_PATH = $ROOT/include $out/generated"
  echo "OUTPUT_DIRECTORY = $out"
  echo "WARN_LOGFILE = $log"
} | doxygen - || status=$?

count=0
if [ -s "$log" ]; then count=$(grep -c . "$log" || true); fi
if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
  [ -s "$log" ] && cat "$log" >&2
  echo "FAILED: doxygen exited with $status and wrote $count warning line(s) ($log)" >&2
  exit 1
fi
echo "API reference built without warnings: $out/html/index.html"
