#!/usr/bin/env bash
# Installs, from Debian 12's own archive, whichever of the named packages are
# missing. Usage: scripts/install-deps.sh tools|tests
set -euo pipefail

tools_pkgs=(cmake ninja-build g++ libcli11-dev libfmt-dev)
test_pkgs=("${tools_pkgs[@]}" python3 libgtest-dev libgmock-dev libbenchmark-dev
           libmbedtls-dev libssl-dev openssl valgrind nlohmann-json3-dev gnutls-bin curl
           tshark publicsuffix chromium tmux)

case "${1:-}" in
  tools) wanted=("${tools_pkgs[@]}") ;;
  tests) wanted=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 tools|tests" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
