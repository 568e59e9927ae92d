#!/usr/bin/env bash
# Installs what WardWatch needs on a machine that has only Node.js 20:
# pnpm, then the workspace. With --with-test-tools also the system tools the test suite
# drives for real (iputils ping, Debian's Chromium, poppler's pdftoppm to rasterise report
# PDFs, openssl to make throwaway TLS certificates), through apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

with_test_tools=0
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) with_test_tools=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --with-test-tools)" >&2; exit 2 ;;
  esac
done

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup.sh: WardWatch needs Node.js 20 or newer (found $(node -v))" >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v)" != "12.4.2" ]; then
  npm install -g pnpm@12.4.2
fi

if [ "$with_test_tools" = 1 ]; then
  missing=()
  command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # deploy/nginx/wardwatch.conf is tested in front of a real server.
  [ -x /usr/sbin/nginx ] || [ -x /usr/bin/nginx ] || missing+=(nginx-light)
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "setup.sh: please install ${missing[*]} (the tests run ping, Chromium, pdftoppm, openssl and nginx for real)" >&2
      exit 1
    fi
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi

# better-sqlite3 falls back to building from source when its prebuilt binary cannot be
# downloaded; point node-gyp at the running Node's own headers when they are installed.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi

pnpm install --frozen-lockfile
