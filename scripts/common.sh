# Shared by scripts/quickstart.sh and scripts/test.sh: install what is missing, configure, build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES=(g++ meson ninja-build pkg-config python3 libcurl4-openssl-dev rapidjson-dev libcpp-jwt-dev
          zlib1g-dev libssl-dev catch2 libboost-dev libstemmer-dev libicu-dev openssl nghttp2-proxy
          libs2-dev duktape-dev libzip-dev)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# configure DIR [meson options...]: sets up DIR, or applies the options to it.
configure() {
  local dir="$1"
  shift
  cd "$ROOT"
  if [ -f "$dir/build.ninja" ]; then
    # --reconfigure rather than `meson configure`: it reads meson_options.txt first, so options
    # whose type changed (tests/samples/emulator became auto/true/false combos) take the values
    # given here instead of falling back to their defaults at the next regeneration.
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

# build DIR [meson options...]: configure, then build every target (ninja runs nproc+1 jobs).
build() {
  configure "$@"
  ninja -C "$1"
}
