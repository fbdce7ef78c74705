#!/bin/sh
# Installs Debian's chromium when it is missing: the operator console's browser test drives it
# with playwright-core (no browser download from the npm package).
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
  echo "chromium is missing; as root run: apt-get update && apt-get install -y chromium" >&2; exit 1
fi
echo "installing chromium (apt-get)…" >&2
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
