#!/usr/bin/env bash
# Installs what the server and its tests need on a fresh Debian machine, skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v valkey-server >/dev/null || command -v redis-server >/dev/null || missing+=(redis-server)
command -v node >/dev/null || missing+=(nodejs npm)
# NativeAOT publishing of claude-mem-hook (the hook bench and `claude-mem install` users).
command -v clang >/dev/null || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# RUM serves ranked search from the index; search works without it (stock GIN), but tests cover both paths.
for pg in /usr/lib/postgresql/*/bin; do
  major=$(basename "$(dirname "$pg")")
  [ -f "/usr/share/postgresql/$major/extension/rum.control" ] || missing+=("postgresql-$major-rum")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts packaged servers right away; ours run on their own ports and data dirs.
  $sudo_cmd systemctl disable --now redis-server postgresql >/dev/null 2>&1 || true
fi
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

# `npm install` installs the lock's exact versions and, unlike `npm ci`, does not refuse a lock
# that lists optional platform builds it has no entries for (see tools/bullmq/prune-lock.js).
if [ -f tools/bullmq/package-lock.json ] && [ ! -d tools/bullmq/node_modules/bullmq ]; then
  (cd tools/bullmq && npm install --no-audit --no-fund --loglevel=error)
fi
# The official MCP TypeScript SDK the MCP tests drive our servers with (tools/mcp).
if [ -f tools/mcp/package-lock.json ] && [ ! -d tools/mcp/node_modules/@modelcontextprotocol/sdk ]; then
  (cd tools/mcp && npm install --no-audit --no-fund --loglevel=error)
fi
