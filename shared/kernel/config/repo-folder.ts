import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A folder at the repository root (proto/, migrations/), found from this file's place both in the
 * sources (shared/kernel/config/, run by ts-jest) and in the build (dist/shared/kernel/config/).
 */
export function repoFolder(name: string): string {
  const candidates = [join(__dirname, '..', '..', '..', name), join(__dirname, '..', '..', '..', '..', name)];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`no ${name}/ folder at ${candidates.join(' or ')}`);
  return found;
}
