import { SearchError } from '../domain/search.errors';

// A page cursor is opaque to clients: the sort key of the last hit (as the backend compares it),
// base64url-encoded JSON. Each adapter encodes its own keys; a cursor of another shape is refused.

export function encodeSearchCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key in a cursor, if it has `types` (one entry per key part); SEARCH.BAD_CURSOR otherwise. */
export function decodeSearchCursor<T extends readonly ('string' | 'number')[]>(cursor: string, types: T): { [K in keyof T]: T[K] extends 'number' ? number : string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    key = undefined;
  }
  const valid = Array.isArray(key) && key.length === types.length && key.every((part, i) => typeof part === types[i] && (typeof part !== 'string' || part.length <= 512));
  if (!valid) throw new SearchError('SEARCH.BAD_CURSOR', 'cursor is not one this search gave out');
  return key as { [K in keyof T]: T[K] extends 'number' ? number : string };
}
