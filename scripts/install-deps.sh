#!/usr/bin/env bash
# Installs everything tradedig needs to build and test, from Debian's archive only.
# Used by .ci/run and by the README's two commands. Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
PKGS=(
  build-essential cmake pkg-config ninja-build
  libcurl4-openssl-dev libgumbo-dev libsqlite3-dev sqlite3 libeigen3-dev catch2
  libicu-dev libopencc-dev opencc libreadstat-dev libzstd-dev libcli11-dev
  nlohmann-json3-dev libtomlplusplus-dev libfmt-dev libcpp-httplib-dev libssl-dev
  libbenchmark-dev
  libsuitesparse-dev libopenblas-dev
  publicsuffix
)
# --with-test-tools: what the tests use to check interoperability (pandas reads our .dta files) and
# to render the HTML report in a real browser (headless chromium takes the screenshot, PIL reads it),
# an HTTP/2 server for the fetcher's HTTP/2 tests (nghttpd), and R + data.table to make the
# paper-shaped panel of ../shared/bench/gen_panel.R for the 770k anchor test.
if [ "${1:-}" = "--with-test-tools" ]; then
  PKGS+=(python3-pandas chromium python3-pil nghttp2-server r-base-core r-cran-data.table)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all build dependencies present"
fi
