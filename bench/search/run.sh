#!/usr/bin/env bash
# The search benchmark in one command: 1.1M observations in the server's search table, queried over
# HTTP on the real server (the ReadyToRun publish users run) with durable PostgreSQL, seven query mixes at
# concurrency 1 and 8 on the stock GIN path (`--paths rum,gin` adds the RUM index). Starts and stops its own
# PostgreSQL (unless `--database` names one) and redis-server; prints a table
# and writes bench/results/search.md. Options go to the bench, e.g.
# `bench/search/run.sh --records 100000 --duration 5 --output bench/results/search-small.md`.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
# The server as the image users run has it; a `--server PATH` of the caller's comes later on the command line and wins.
server=$(bench/publish-server.sh)
dotnet run -c Release --project bench/search -- --server "$server" "$@"
