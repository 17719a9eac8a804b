#!/usr/bin/env bash
# Regenerates the Wolverine handler code committed under src/ClaudeMem.Http/Internal/Generated.
# Run it after changing an endpoint, a handler or a Wolverine policy; GeneratedCodeTests fails until
# you do. Needs the dev databases (scripts/dev-servers.sh starts them) because the CLI checks the
# database before it builds the host.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
eval "$(scripts/dev-servers.sh)"
out=.tmp/codegen
rm -rf "$out"
dotnet build src/ClaudeMem.Http -c Release --nologo -v quiet -o "$out" >/dev/null
CLAUDE_MEM_SERVER_PROVIDER=offline CLAUDE_MEM_QUEUE_ENGINE=bullmq "$out/claude-mem" codegen write >/dev/null
rm -rf src/ClaudeMem.Http/Internal/Generated
cp -r "$out/Internal/Generated" src/ClaudeMem.Http/Internal/Generated
echo "codegen: $(find src/ClaudeMem.Http/Internal/Generated -name '*.cs' | wc -l) files in src/ClaudeMem.Http/Internal/Generated"
