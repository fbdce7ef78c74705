#!/bin/sh
# Installs redis-server from Debian's packages when it is missing (the tests start their own),
# then chromium for the console's browser test (ensure-chromium.sh).
here=$(dirname "$0")
command -v redis-server >/dev/null 2>&1 && exec sh "$here/ensure-chromium.sh"
if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
  echo "redis-server is missing; as root run: apt-get update && apt-get install -y redis-server" >&2; exit 1
fi
echo "installing redis-server (apt-get)…" >&2
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null && exec sh "$here/ensure-chromium.sh"
