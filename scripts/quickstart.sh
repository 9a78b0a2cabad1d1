#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds, starts the emulator and runs samples/quickstart
# against it.
source "$(dirname "$0")/common.sh"
ensure_packages
build build
python3 "$ROOT/emulator/tests/with_emulator.py" --emulator "$ROOT/build/emulator/arango-emulator" \
  --root-password quickstart -- "$ROOT/build/samples/quickstart"
