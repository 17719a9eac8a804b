// The package source this project installs from serves the Linux builds of msgpackr's optional
// native extension only, so `npm install` leaves the other platforms' entries out of
// package-lock.json while still listing them as optional dependencies, and `npm ci` then refuses
// the lock file. This drops optional dependencies the lock file has no entry for.
// Run after every `npm install` here: node prune-lock.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const present = new Set(Object.keys(lock.packages).map(key => key.split('node_modules/').pop()));
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies || {})) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      console.log(`${key || '(root)'}: dropped optional ${name}`);
    }
  }
}
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
