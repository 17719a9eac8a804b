#!/usr/bin/env bash
# Generation benchmark: event accepted -> observations readable, and sustained events/s with 1
# and 4 workers, against a zero-latency fake provider. Prints a table, writes bench/results/generation.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
# The server and workers as the image users run them; `--server PATH` later on the command line wins.
server=$(bench/publish-server.sh)
dotnet run -c Release --project bench/generation -- --server "$server" "$@"
