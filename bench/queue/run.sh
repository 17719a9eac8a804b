#!/usr/bin/env bash
# Benchmarks our BullMQ-compatible queue against Node's bullmq 6.7.0 on one throwaway redis-server.
# Prints a table and writes bench/results/queue.md.
# Usage: bench/queue/run.sh [--jobs 10000] [--repetitions 3] [--output bench/results/queue.md]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d tools/bullmq/node_modules/bullmq ] || scripts/install-deps.sh
dotnet run -c Release --project bench/queue/QueueBench -- "$(pwd)" "$@"
