#!/usr/bin/env bash
# Sets up and runs every test. Tests start their own PostgreSQL and Valkey/redis-server on
# loopback (free ports, temporary data dirs) and stop them by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
log=$(mktemp)
trap 'rm -f "$log" "$log.script"' EXIT
status=0
# A test that hangs fails the run after 15 minutes instead of stalling CI: the test host is
# killed (no dump) and the servers it started are reaped by their watchdogs (tests/ClaudeMem.Testing).
dotnet test ClaudeMem.sln -c Release --nologo --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
# Process-level runs (issue 9): the short fault run and the end-to-end checks in their process form,
# on the server dotnet test just built. Skipped when arguments (a --filter) narrow the run.
scripts_passed=0 scripts_failed=0
if [ $# -eq 0 ]; then
  export CLAUDE_MEM_CLI="$PWD/src/ClaudeMem.Http/bin/Release/net10.0/claude-mem"
  for script in "scripts/faults.sh --short" "scripts/e2e.sh --processes"; do
    echo "running $script"
    if $script >"$log.script" 2>&1; then
      scripts_passed=$((scripts_passed + 1)); grep -E '(fault|ok [0-9]|streamed|verified|passed)' "$log.script" || true; echo "passed: $script"
    else
      scripts_failed=$((scripts_failed + 1)); status=1; tail -n 80 "$log.script"; echo "FAILED: $script"
    fi
  done
fi
# One closing line for the whole solution, summed over the test assemblies and the scripts.
awk -v sp="$scripts_passed" -v sf="$scripts_failed" '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped (including %d process-level scripts)\n", p + sp, f + sf, s, sp + sf }' FS='[ ,]+' "$log"
exit "$status"
