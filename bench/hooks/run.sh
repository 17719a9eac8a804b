#!/usr/bin/env bash
# Hook benchmark: wall time of `claude-mem-hook <event>` (NativeAOT), process start to exit, 200 runs
# per event against a local server, beside `node -e 0` and `bun -e 0` (the runtimes the TypeScript
# hooks start) and the JIT build of the same hook. Prints a table, writes bench/results/hooks.md.
# Options go to the bench, e.g. `bench/hooks/run.sh --runs 50 --output /tmp/hooks.md`.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
# bun is only a baseline here: installed on demand from the pinned tools/bun.
if [ ! -x tools/bun/node_modules/@oven/bun-linux-x64/bin/bun ]; then
  (cd tools/bun && npm install --no-audit --no-fund --loglevel=error) || echo "bun not installed: its baseline is skipped"
fi
hook_dir=.tmp/hook-aot
dotnet publish src/ClaudeMem.Hook -c Release -r linux-x64 -p:PublishAot=true -o "$hook_dir" --nologo -v q
dotnet run -c Release --project bench/hooks -- --hook "$hook_dir/claude-mem-hook" "$@"
