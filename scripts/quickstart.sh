#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds, starts the emulator and runs samples/quickstart
# against it.
source "$(dirname "$0")/common.sh"
ensure_packages
build build
# arango-emulator-run (the build's copy) finds the arango-emulator built next to it.
"$ROOT/build/emulator/arango-emulator-run" --root-password quickstart -- "$ROOT/build/samples/quickstart"
