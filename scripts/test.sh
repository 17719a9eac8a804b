#!/usr/bin/env bash
# Sets up and runs every test. Tests start their own PostgreSQL and Valkey/redis-server on
# loopback (free ports, temporary data dirs) and stop them by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# A test that hangs fails the run after 15 minutes instead of stalling CI: the test host is
# killed (no dump) and the servers it started are reaped by their watchdogs (tests/ClaudeMem.Testing).
dotnet test ClaudeMem.sln -c Release --nologo --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole solution, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
exit "$status"
