#!/usr/bin/env node
// `npm run build`: the TypeScript compile to dist/, said out loud. A fresh clone compiles
// everything (about 20 s on two cores); later builds are incremental and take a second or two.
const { spawnSync } = require('node:child_process');

const started = Date.now();
process.stdout.write('compiling TypeScript to dist/ (about 20 s on a fresh clone, a second or two after that) …\n');
const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
require('./web-build')
  .buildWeb()
  .then(() => process.stdout.write(`compiled (and bundled the browser app into dist/web) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`))
  .catch(() => process.exit(1));
