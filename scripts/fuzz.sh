#!/usr/bin/env bash
# Builds the emulator's libFuzzer targets with clang (in build-fuzz/) and runs them.
#   scripts/fuzz.sh              the short CI runs (meson test --suite fuzz: 60 s each, the two
#                                targets side by side, one core each)
#   scripts/fuzz.sh --long SECS  each target for SECS seconds, one after the other
# Needs clang and libclang-rt-dev (installed when missing, as scripts/test.sh does).
source "$(dirname "$0")/common.sh"
PACKAGES+=(clang libclang-rt-dev)
ensure_packages

cd "$ROOT"
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ meson setup build-fuzz -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C build-fuzz emulator/fuzz/fuzz-http emulator/fuzz/fuzz-aql emulator/fuzz/fuzz-foxx
if [ "${1:-}" = "--long" ]; then
  secs="${2:-600}"
  rc=0
  for t in http aql foxx; do
    python3 emulator/fuzz/run_fuzz.py "build-fuzz/emulator/fuzz/fuzz-$t" "emulator/fuzz/corpus/$t" "$secs" || rc=1
  done
  exit $rc
fi
set +e
meson test -C build-fuzz --no-rebuild --suite fuzz --print-errorlogs --num-processes 2
rc=$?
set -e
python3 "$ROOT/scripts/summarize_tests.py" --label "fuzz runs" "$ROOT/build-fuzz/meson-logs/testlog.json"
exit $rc
