#!/usr/bin/env bash
# Publishes the server as the image users run has it (ops/Dockerfile): ReadyToRun, framework-dependent, which
# starts with less JIT and maps more code than `dotnet build`'s output. Prints the executable's absolute path.
set -euo pipefail
cd "$(dirname "$0")/.."
server_dir=.tmp/bench-server-r2r
dotnet publish src/ClaudeMem.Http -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o "$server_dir" --nologo -v q >&2
echo "$PWD/$server_dir/claude-mem"
