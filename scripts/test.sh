#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds with warnings as errors and runs every test
# suite (unit, integration against the emulator, faults, emulator conformance).
#   scripts/test.sh              the normal build, in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
#   scripts/test.sh --tsan       ThreadSanitizer over the client (build-tsan/): the unit suite, the
#                                fault suites and the concurrent integration suites, against the
#                                normal build's emulator (built first if missing; not instrumented)
# Set ARANGO_URL (and ARANGO_USER, ARANGO_PASSWORD) to run the integration suite against a real
# ArangoDB instead of the emulator.
source "$(dirname "$0")/common.sh"
PACKAGES+=(clang doxygen)  # the public headers are also compiled with clang (test public-headers-clang); doxygen: test apidocs
PACKAGES+=(cmake)  # test consume-cmake builds a program with find_package(arango-async CONFIG)
PACKAGES+=(libasio-dev)  # integration-asio-standalone: <arango/asio.hpp> with standalone Asio (Boost.Asio comes with libboost-dev)
ensure_packages

dir=build
# build/ takes BUILD_OPTIONS, as scripts/quickstart.sh's does (which also sets -Dtests=false):
# whatever the quickstart compiled is not compiled again. The sanitizer builds keep their debug
# information (for the reports' stacks).
opts=(-Dtests=true)
label="tests"
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  opts+=(-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug)
  label="sanitized tests"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
fi
tests=()
if [ "${1:-}" = "--tsan" ]; then
  dir=build-tsan
  label="ThreadSanitizer tests"
  emulator="$ROOT/build/emulator/arango-emulator"
  if [ ! -x "$emulator" ]; then
    configure build "${BUILD_OPTIONS[@]}"
    build_targets build emulator/arango-emulator
  fi
  opts+=(-Db_sanitize=thread -Db_lundef=false -Demulator=false -Dsamples=false
         "-Dtest_emulator=$emulator")
  tests=(unit faults-loop faults-resend integration-failover integration-async
         integration-transactions integration-auth)
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$ROOT/test/tsan.supp"
fi
if [ "$dir" = build ]; then
  configure "$dir" "${BUILD_OPTIONS[@]}" "${opts[@]}"
  build_targets "$dir"
else
  # The sanitized run builds only what its tests run (meson test builds the tests' targets and
  # their dependencies): the samples that no test runs were compiled by the normal build.
  configure "$dir" -Dwerror=true "${opts[@]}"
fi
step "running the $label in $dir/ (meson test, 2 at a time${tests:+: ${tests[*]}})"
set +e
meson test -C "$ROOT/$dir" --print-errorlogs --num-processes 2 "${tests[@]}"
rc=$?
set -e
python3 "$ROOT/scripts/summarize_tests.py" --label "$label" "$ROOT/$dir/meson-logs/testlog.json"
if [ $rc -eq 0 ]; then
  step "$label passed in $(elapsed) (min:s)"
else
  STEP="running the $label (the failures are listed above)"
fi
exit $rc
