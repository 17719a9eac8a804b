// Writes each BullMQ Lua script of the installed (pinned) bullmq as <name>-<numberOfKeys>.lua
// into the folder given as the first argument, for the .NET build to embed as resources.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node dump-lua.js <output folder>');
  process.exit(2);
}

let scripts;
try {
  scripts = require('bullmq/dist/cjs/scripts');
} catch (err) {
  console.error(`bullmq is not installed in tools/bullmq (${err.message}); run scripts/install-deps.sh`);
  process.exit(1);
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const script of Object.values(scripts)) {
  if (!script || typeof script.content !== 'string') continue;
  fs.writeFileSync(path.join(outDir, `${script.name}-${script.keys}.lua`), script.content);
  count++;
}
const { version } = require('bullmq/package.json');
fs.writeFileSync(path.join(outDir, 'bullmq-version.txt'), version);
console.log(`dumped ${count} BullMQ ${version} scripts to ${outDir}`);
