#!/usr/bin/env bash
# Sets up and runs the server locally: installs what is missing, starts PostgreSQL and
# Valkey/redis-server on loopback (data in .data/), creates an API key once, prints a curl
# that works, then runs the server in the foreground with the offline provider (no API key,
# no network). Ctrl-C stops the server; `scripts/dev-servers.sh stop` stops the databases.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
eval "$(scripts/dev-servers.sh)"
export CLAUDE_MEM_SERVER_PROVIDER="${CLAUDE_MEM_SERVER_PROVIDER:-offline}"
export CLAUDE_MEM_PID_FILE="${CLAUDE_MEM_PID_FILE:-$PWD/.data/server.pid}"
port="${CLAUDE_MEM_SERVER_PORT:-37877}"

dotnet build src/ClaudeMem.Http -c Release --nologo -v quiet -o .data/bin >/dev/null
cli=.data/bin/claude-mem

if [ ! -s .data/api-key ]; then
  (umask 077; "$cli" server api-key create --name local --scope '*' --json | sed -n 's/^  "key": "\(.*\)",$/\1/p' > .data/api-key)
fi
key=$(cat .data/api-key)
cat <<MSG

API key (also in .data/api-key): $key
Try it in another terminal:
  curl -s -X POST http://127.0.0.1:$port/v1/sessions/start \\
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
    -d '{"projectId":"demo","externalSessionId":"s1"}'

MSG
exec "$cli" server start
