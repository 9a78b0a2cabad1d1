#!/usr/bin/env bash
# The README's first command: installs what is missing (Debian 12), builds only what it runs
# (the library, arango-emulator and samples/quickstart.cpp; no tests, benchmarks or other
# samples), starts the emulator on loopback and runs the quickstart against it.
source "$(dirname "$0")/common.sh"
ensure_packages
configure build "${BUILD_OPTIONS[@]}" -Dtests=false
build_targets build samples/quickstart emulator/arango-emulator emulator/arango-emulator-run
step "starting arango-emulator on loopback and running samples/quickstart against it"
# arango-emulator-run (the build's copy) finds the arango-emulator built next to it, and stops it
# when the sample ends.
"$ROOT/build/emulator/arango-emulator-run" --root-password quickstart -- "$ROOT/build/samples/quickstart"
step "quickstart succeeded in $(elapsed) (min:s): the sample above ran against the emulator"
