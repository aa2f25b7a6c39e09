// The browser app and the ops page (client/web) bundled by esbuild into dist/web, which the edge
// serves at / and /admin, by `npm run build`.
const { cpSync, mkdirSync, watch } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'web');

const options = {
  absWorkingDir: root,
  entryPoints: { app: 'client/web/app/main.ts', admin: 'client/web/admin/main.ts' },
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  sourcemap: true,
  minify: process.env.NODE_ENV === 'production',
  tsconfig: 'client/web/tsconfig.json',
  logLevel: 'warning',
};

function copyPublic() {
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'client', 'web', 'public'), out, { recursive: true });
}

async function buildWeb() {
  copyPublic();
  await esbuild.build(options);
}

/** `npm run dev`: rebuilds the bundles on every change of client/, and copies changed pages. */
async function watchWeb() {
  copyPublic();
  const context = await esbuild.context({ ...options, logLevel: 'info' });
  await context.watch();
  watch(join(root, 'client', 'web', 'public'), { recursive: true }, () => copyPublic());
  return context;
}

module.exports = { buildWeb, watchWeb };
