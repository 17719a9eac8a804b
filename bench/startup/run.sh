#!/usr/bin/env bash
# Start-up time in one command: process start to the first 200 from GET /api/readiness (bench/ingest's definition,
# polled every 20 ms), for the ReadyToRun publish users run (ops/Dockerfile), N times on a throwaway durable
# PostgreSQL cluster and redis-server; prints every start and the medians of fresh starts (empty database: the
# schema is created) and restarts (the schema is there), with the server process's CPU seconds until ready (steadier than
# wall time on a shared machine). Options go to bench/startup/measure.py, e.g.
# `bench/startup/run.sh --starts 9`, `--server PATH` to measure another build (the publish is then skipped),
# `--log FILE` to keep the first fresh start's output, `--env NAME=VALUE` for the server's environment,
# `--output FILE` for the results file (default bench/results/startup.md, '' for none).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh >/dev/null
if [[ " $* " != *" --server "* ]]; then
  set -- --server "$(bench/publish-server.sh)" "$@"
fi
exec python3 bench/startup/measure.py "$@"
