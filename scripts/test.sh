#!/usr/bin/env bash
# Sets up and runs every test. Tests start their own PostgreSQL and Valkey/redis-server on
# loopback (free ports, temporary data dirs) and stop them by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet test ClaudeMem.sln -c Release --nologo "$@"
