#!/usr/bin/env bash
# Sets up and runs the server locally: installs what is missing, starts PostgreSQL and
# Valkey/redis-server on loopback (data in .data/), creates an API key once, prints a curl
# that works, then runs the HTTP server in the foreground and a generation worker beside it
# (log in .data/worker.log) with the offline provider (no API key, no network). Ctrl-C stops
# both; `scripts/dev-servers.sh stop` stops the databases.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
eval "$(scripts/dev-servers.sh)"
export CLAUDE_MEM_SERVER_PROVIDER="${CLAUDE_MEM_SERVER_PROVIDER:-offline}"
export CLAUDE_MEM_QUEUE_ENGINE=bullmq
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
  curl -s -X POST 'http://127.0.0.1:$port/v1/events?wait=true' \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"projectId":"demo","sourceType":"hook","eventType":"PostToolUse","occurredAtEpoch":'\$(date +%s000)',"payload":{"tool_name":"Edit","tool_input":{"file_path":"src/app.ts"}}}'

MSG
"$cli" server worker start >> .data/worker.log 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT
CLAUDE_MEM_GENERATION_DISABLED=true "$cli" server start
