#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (in build-fuzz/) and runs them: the emulator's
# (emulator/fuzz/) and the client library's (test/fuzz/).
#   scripts/fuzz.sh              the short CI runs (meson test --suite fuzz: 60 s each, two
#                                targets side by side, one core each)
#   scripts/fuzz.sh --long SECS  each target for SECS seconds, one after the other
# Needs clang and libclang-rt-dev (installed when missing, as scripts/test.sh does).
source "$(dirname "$0")/common.sh"
PACKAGES+=(clang libclang-rt-dev)
ensure_packages

cd "$ROOT"
if [ ! -f build-fuzz/build.ninja ]; then
  # Through ccache when there is one (meson does that by itself only for compilers it picks).
  cc=clang cxx=clang++
  if command -v ccache >/dev/null; then cc="ccache clang" cxx="ccache clang++"; fi
  CC="$cc" CXX="$cxx" meson setup build-fuzz -Dbuildtype=debugoptimized >/dev/null
fi
emulator_targets=(http aql foxx)
client_targets=(envelope document bulk cursor job json jwt)
ninja -C build-fuzz "${emulator_targets[@]/#/emulator/fuzz/fuzz-}" "${client_targets[@]/#/test/fuzz/fuzz-client-}"
if [ "${1:-}" = "--long" ]; then
  secs="${2:-600}"
  rc=0
  for t in "${emulator_targets[@]}"; do
    python3 emulator/fuzz/run_fuzz.py "build-fuzz/emulator/fuzz/fuzz-$t" "emulator/fuzz/corpus/$t" "$secs" || rc=1
  done
  # Leaks are findings for the client library (the emulator's runs leave them off).
  for t in "${client_targets[@]}"; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      python3 emulator/fuzz/run_fuzz.py "build-fuzz/test/fuzz/fuzz-client-$t" "test/fuzz/corpus/$t" "$secs" || rc=1
  done
  exit $rc
fi
set +e
meson test -C build-fuzz --no-rebuild --suite fuzz --print-errorlogs --num-processes 2
rc=$?
set -e
python3 "$ROOT/scripts/summarize_tests.py" --label "fuzz runs" "$ROOT/build-fuzz/meson-logs/testlog.json"
exit $rc
