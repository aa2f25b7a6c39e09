import 'reflect-metadata';
import { ConfigError } from '#kernel/config/env';
import { DependencyError } from '#kernel/lifecycle/dependencies';
import { loadConsumerConfig, reindex } from '../ws-consumer';

const INDEXES = ['users', 'messages', 'events'] as const;
type IndexName = (typeof INDEXES)[number];

/** A progress bar on stderr, redrawn at most 10 times a second: `messages [#####.....] 52% 520,000/1,000,000 41,000/s`. */
function progressBar(name: string): (done: number, total: number) => void {
  const started = Date.now();
  let drawn = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - drawn < 100 && done < total) return;
    drawn = now;
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    process.stderr.write(`\r${name.padEnd(8)} [${bar}] ${Math.round(share * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${rate.toLocaleString('en')}/s`);
  };
}

/** `npm run reindex [users|messages|events]`: rebuilds one index (all three without an argument) from PostgreSQL while search goes on. */
async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !INDEXES.includes(name as IndexName));
  if (unknown.length > 0) throw new ConfigError(`usage: npm run reindex [users|messages|events] (got ${unknown.join(' ')})`);
  const config = loadConsumerConfig();
  const names = asked.length > 0 ? (asked as IndexName[]) : [...INDEXES];
  const written = await reindex(config, names, progressBar);
  process.stderr.write('\n');
  for (const [name, count] of Object.entries(written)) process.stdout.write(`reindexed ${name}: ${count.toLocaleString('en')} documents into ${config.SEARCH_BACKEND}\n`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DependencyError;
  process.stderr.write(`\n${known ? (error as Error).message : String(error)}\n`);
  process.exit(1);
});
