#!/usr/bin/env node
// `npm run dev`: the whole system in watch mode. tsc recompiles dist/ on every source change,
// esbuild rebuilds the browser app, and `node --watch` restarts the services (all in one process,
// pretty logs) whenever a compiled file they load changes: what the Go seed does with Air.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { watchWeb } = require('./web-build');

const root = join(__dirname, '..');
const children = [];

function run(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

/** tsc in watch mode; resolves after its first compile (when dist/bin/start.js exists). */
function compileAndWatch() {
  const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(tsc);
  return new Promise((resolve) => {
    tsc.stdout.setEncoding('utf8').on('data', (text) => {
      process.stdout.write(text.replace(/^(?=.)/gm, '[tsc] '));
      if (/Found \d+ errors?\. Watching/.test(text) && existsSync(join(root, 'dist', 'bin', 'start.js'))) resolve();
    });
  });
}

function stopAll() {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
}

async function main() {
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  process.stdout.write('npm run dev: compiling, then starting every service; edits restart them (Ctrl-C stops)\n');
  await Promise.all([compileAndWatch(), watchWeb()]);
  run(['--watch', '--enable-source-maps', 'dist/bin/start.js', process.argv[2] ?? 'all'], { LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  stopAll();
});
