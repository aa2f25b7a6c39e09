/** Room names (SPEC §3): lowercase letters, digits, `_`, `:` and `-`, at most 64 characters. */
export const ROOM_NAME = /^[a-z0-9][a-z0-9_:-]{0,63}$/;

/** Longest message body, in characters (SPEC §3: longer gets `too_large`). */
export const MAX_BODY_CHARS = 4000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character and no unpaired UTF-16 surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** User ids are the decimal strings of auth's bigint user sequence. */
export const USER_ID = /^\d{1,18}$/;

export const isUserId = (id: string): boolean => USER_ID.test(id);

/** Orders user ids by numeric value, as PostgreSQL orders the bigint ids. */
export function byUserId(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The direct-message room of two users: `dm:<smaller id>:<larger id>` (ids compared as numbers). */
export function directRoom(a: string, b: string): string {
  const [low, high] = BigInt(a) <= BigInt(b) ? [a, b] : [b, a];
  return `dm:${low}:${high}`;
}

/** The two participants of a direct-message room, or undefined for any other room. */
export function directParticipants(room: string): [string, string] | undefined {
  const match = /^dm:(\d+):(\d+)$/.exec(room);
  return match ? [match[1], match[2]] : undefined;
}
