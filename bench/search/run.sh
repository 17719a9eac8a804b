#!/usr/bin/env bash
# The search benchmark in one command: 1.1M observations in the server's search table, queried over
# HTTP on the real server with durable PostgreSQL, six query mixes at concurrency 1 and 8, on the
# RUM and the stock GIN path. Starts and stops its own PostgreSQL and redis-server; prints a table
# and writes bench/results/search.md. Options go to the bench, e.g.
# `bench/search/run.sh --records 100000 --duration 5 --output bench/results/search-small.md`.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
dotnet run -c Release --project bench/search -- "$@"
