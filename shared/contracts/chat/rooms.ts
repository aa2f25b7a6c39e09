import { z } from 'zod';

/** Room names: lowercase letters, digits, `_`, `:` and `-`, at most 64 characters. */
export const ROOM_NAME = /^[a-z0-9][a-z0-9_:-]{0,63}$/;

export const RoomNameSchema = z.string().regex(ROOM_NAME, { error: 'room names match ^[a-z0-9][a-z0-9_:-]{0,63}$' });

/** Longest message body, in characters (code points; longer gets `too_large`). */
export const MAX_BODY_CHARS = 4000;

/** At most MAX_BODY_CHARS code points (PostgreSQL's char_length), whatever their UTF-16 length. */
export function withinBodyLimit(text: string): boolean {
  // Counting code points is only needed when the UTF-16 units exceed the limit.
  return text.length <= MAX_BODY_CHARS || [...text].length <= MAX_BODY_CHARS;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character and no unpaired UTF-16 surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * A client's idempotency key for a send: 1–128 printable ASCII characters, no space or control
 * character. It travels as the JetStream Nats-Msg-Id header, where CR, LF and the like cannot.
 */
export const CLIENT_MSG_ID = /^[\x21-\x7E]{1,128}$/;

export const ClientMsgIdSchema = z.string().regex(CLIENT_MSG_ID, { error: 'client_msg_id is 1-128 printable ASCII characters without spaces (letters, digits, punctuation), e.g. a UUID' });

/** The direct-message room of two users: `dm:<smaller id>:<larger id>` (ids compared as numbers). */
export function directRoom(a: string, b: string): string {
  const [low, high] = BigInt(a) <= BigInt(b) ? [a, b] : [b, a];
  return `dm:${low}:${high}`;
}

/**
 * The two participants of a direct-message room, or undefined for any other name. Only the one
 * spelling directRoom makes counts: `dm:10:2` or `dm:02:10` would be a second room for one pair.
 */
export function directParticipants(room: string): [string, string] | undefined {
  const match = /^dm:(\d+):(\d+)$/.exec(room);
  return match && directRoom(match[1], match[2]) === room && !/^0\d/.test(match[1]) && !/^0\d/.test(match[2]) ? [match[1], match[2]] : undefined;
}
