#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, from Debian only (no browser downloads).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install-system-deps: missing ${need[*]} and cannot apt-get here; browser tests will say they are skipped" >&2
  fi
fi
