#!/usr/bin/env bash
# The ingest benchmark in one command: POST /v1/events on the real server against a raw Npgsql
# loop, at concurrency 1, 8 and 32 on loopback. Starts and stops its own PostgreSQL and
# redis-server; prints a table and writes bench/results/ingest.md. Options go to the bench,
# e.g. `bench/ingest/run.sh --duration 15`.
# `--side-by-side` runs the TypeScript server (npm claude-mem, pinned in tools/claude-mem-ts, on the
# bun of tools/bun) against ours instead, on durable PostgreSQL (`--fsync-off` as an extra), and
# writes bench/results/ingest-side-by-side.md; both are installed here on demand.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
if [[ " $* " == *" --side-by-side "* ]]; then
  for tool in tools/bun tools/claude-mem-ts; do
    [[ -d $tool/node_modules ]] || (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
  done
fi
# The server as the image users run has it; a `--server PATH` of the caller's comes later on the command line and wins.
server=$(bench/publish-server.sh)
dotnet run -c Release --project bench/ingest -- --server "$server" "$@"
