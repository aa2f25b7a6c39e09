import { createHash } from 'node:crypto';

/**
 * A UUID-shaped SHA-256 of `text` (version nibble 8, RFC 9562's custom version; the variant bits
 * set): the same text always gives the same id, so an id can follow from an idempotency key.
 */
export function hashedUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
