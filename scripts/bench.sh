#!/usr/bin/env bash
# Runs the benchmarks (test/bench/) and writes docs/performance.md: installs what is missing
# (Debian 12; wrk for the emulator's ceiling), builds the library, the benchmark programs and the
# emulator as release in build-release/, then runs test/bench/run_bench.py, which starts the
# emulator and runs the library and the bare libcurl baseline alternately.
#   scripts/bench.sh [run_bench.py options...]    e.g. --rounds 5, --only cursor, --scale 0.1
source "$(dirname "$0")/common.sh"
PACKAGES+=(wrk)
ensure_packages

dir=build-release
cd "$ROOT"
if [ -f "$dir/build.ninja" ]; then
  meson configure "$dir" -Dbuildtype=release >/dev/null
else
  meson setup "$dir" -Dbuildtype=release
fi
ninja -C "$dir" test/bench/arango-bench test/bench/curl-baseline emulator/arango-emulator
python3 "$ROOT/test/bench/run_bench.py" --bench "$dir/test/bench/arango-bench" \
  --baseline "$dir/test/bench/curl-baseline" --emulator "$dir/emulator/arango-emulator" \
  --compile-cost "$ROOT/include" "$ROOT/$dir/include" --out "$ROOT/docs/performance.md" "$@"
