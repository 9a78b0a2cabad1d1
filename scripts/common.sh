# Shared by scripts/quickstart.sh and scripts/test.sh: progress lines, installing what is missing,
# configuring and building.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES=(g++ meson ninja-build pkg-config python3 libcurl4-openssl-dev rapidjson-dev libcpp-jwt-dev
          zlib1g-dev libssl-dev catch2 libboost-dev libstemmer-dev libicu-dev openssl nghttp2-proxy
          libs2-dev duktape-dev libzip-dev)

# Progress: every step prints one "==> [MM:SS] what" line; a script that stops on an error says
# which step failed and after how long (the EXIT trap), so the reason is the last thing printed.
STARTED=$SECONDS
STEP="starting"
elapsed() { printf '%02d:%02d' $(((SECONDS - STARTED) / 60)) $(((SECONDS - STARTED) % 60)); }
step() {
  STEP="$*"
  echo "==> [$(elapsed)] $*"
}
on_exit() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "==> [$(elapsed)] FAILED (exit $rc) while $STEP: the lines above say why" >&2
  fi
}
trap on_exit EXIT

ensure_packages() {
  step "checking the ${#PACKAGES[@]} Debian packages the build needs"
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "    all present"
    return 0
  fi
  step "installing ${#missing[@]} Debian packages with apt-get: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "    installed"
}

# The options of build/, which the two README commands share: warnings are errors, and no debug
# information (-O2 as meson's default debugoptimized, but without -g: a third less compile time and a
# much faster link; the sanitizer builds keep theirs).
BUILD_OPTIONS=(-Dwerror=true -Ddebug=false)

# configure DIR [meson options...]: sets up DIR, or applies the options to it. The two README
# commands share build/ with the same compiler options (they differ only in which targets are
# defined), so running one after the other compiles no file twice.
configure() {
  local dir="$1"
  shift
  cd "$ROOT"
  if [ -f "$dir/build.ninja" ]; then
    step "configuring $dir/ ($*)"
    # --reconfigure rather than `meson configure`: it reads meson_options.txt first, so options
    # whose type changed (tests/samples/emulator became auto/true/false combos) take the values
    # given here instead of falling back to their defaults when build.ninja is regenerated; it
    # regenerates build.ninja now, quietly, not in the build's output.
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    step "setting up $dir/ ($*)"
    meson setup "$dir" "$@" >/dev/null
  fi
}

# build_targets DIR [TARGET...]: ninja (nproc+1 jobs) builds the targets (all without any),
# printing every 25th progress step instead of every compiler command; errors pass through.
build_targets() {
  local dir="$1"
  shift
  step "building ${*:-everything} in $dir/ (ninja, $(nproc) cores)"
  ninja -C "$ROOT/$dir" "$@" | while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line =~ ^\[([0-9]+)/([0-9]+)\] ]]; then
      local done=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
      if (( done % 25 == 1 || done == total )); then echo "    [$(elapsed)] step $done of $total"; fi
    elif [[ $line == "ninja: no work to do." ]]; then
      echo "    up to date"
    elif [[ $line != "ninja: Entering directory"* ]]; then
      echo "$line"
    fi
  done
}
