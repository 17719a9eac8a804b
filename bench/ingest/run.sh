#!/usr/bin/env bash
# The ingest benchmark in one command: POST /v1/events on the real server against a raw Npgsql
# loop, at concurrency 1, 8 and 32 on loopback. Starts and stops its own PostgreSQL and
# redis-server; prints a table and writes bench/results/ingest.md. Options go to the bench,
# e.g. `bench/ingest/run.sh --duration 15`.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
dotnet run -c Release --project bench/ingest -- "$@"
