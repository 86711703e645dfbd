#!/bin/bash
# Installs what the tests check reports with, when missing: Debian's Chromium (the HTML report is opened in it
# headless) and, from the npm registry, the SARIF Multitool (every SARIF report the tests write is validated by it),
# pinned in tests/tools/package-lock.json. Idempotent. Root, like engine.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "test-tools.sh: $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  say "installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
    || { say "could not install Debian's chromium; install it (apt-get install chromium) and rerun"; exit 2; }
fi

multitool=tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# The stamp holds the lock's hash: a changed lock installs again.
stamp=tests/tools/node_modules/.installed-lock.sha256
lock_hash=$(sha256sum tests/tools/package-lock.json | cut -d' ' -f1)
if [ ! -x "$multitool" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    say "installing npm (Debian's nodejs and npm)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } \
      || { say "could not install npm; install Node.js and npm (apt-get install npm) and rerun"; exit 2; }
  fi
  say "installing the SARIF Multitool (npm ci in tests/tools)"
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
  # npm 11 skips install scripts it was not told to trust; the package's only one makes its binary executable.
  chmod u+x "$multitool"
  echo "$lock_hash" > "$stamp"
fi
