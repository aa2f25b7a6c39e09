import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isStorableText, MAX_BODY_CHARS, ROOM_NAME, USER_ID } from './rooms';

// Payloads that cross between the edge (ws-producer) and the core (ws-consumer) over NATS.
// Both sides parse them with these schemas.

export const RoomNameSchema = z.string().regex(ROOM_NAME, { error: 'room names match ^[a-z0-9][a-z0-9_:-]{0,63}$' });
export const UserIdSchema = z.string().regex(USER_ID, { error: 'expected a user id' });

/** The idempotency key of a send: its JetStream Nats-Msg-Id and the messages table's dedup_key. */
export function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}:${clientMsgId}`;
}

/**
 * A message's id follows from its idempotency key (a UUID-shaped SHA-256 of it): a retried send
 * answers the same id, and ids are unique because keys are.
 */
export function messageIdOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What the edge stores in stream CHAT for one message:send. */
export const ChatPublishSchema = z
  .object({
    message_id: z.uuid(),
    room: RoomNameSchema,
    sender_id: UserIdSchema,
    body: z.string().min(1).max(MAX_BODY_CHARS).refine(isStorableText),
    client_msg_id: z.string().min(1).max(128).refine(isStorableText),
    sent_at: z.iso.datetime(),
  })
  .refine((p) => p.message_id === messageIdOf(idempotencyKey(p.sender_id, p.client_msg_id)), {
    error: 'message_id must be derived from sender_id and client_msg_id (messageIdOf)',
    path: ['message_id'],
  });
export type ChatPublish = z.infer<typeof ChatPublishSchema>;

/** A stored message as clients see it (`message:new` payload, history items). */
export const MessageSchema = z
  .object({
    message_id: z.string(),
    room: z.string(),
    seq: z.number().int(),
    sender_id: z.string(),
    body: z.string(),
    client_msg_id: z.string(),
    created_at: z.string(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof MessageSchema>;

/** The `message:new` frame as every socket receives it (serialised once per message). */
export function messageNewFrame(message: Message): string {
  return JSON.stringify({ type: 'message:new', payload: message });
}

/** Failure answer of any core request; `code` is the client error vocabulary. */
export const CoreErrorSchema = z.object({ ok: z.literal(false), code: z.string(), message: z.string() });
export type CoreError = z.infer<typeof CoreErrorSchema>;

const reply = <T extends z.ZodRawShape>(shape: T) => z.union([z.object({ ok: z.literal(true), ...shape }), CoreErrorSchema]);

/** Join `room` as `user_id` (null: anonymous guest); with since_seq, the messages after it. */
export const JoinRequestSchema = z.object({
  room: RoomNameSchema,
  user_id: UserIdSchema.nullable(),
  connection_id: z.string(),
  since_seq: z.number().int().min(0).optional(),
  recovery_max: z.number().int().min(0),
});
export const JoinReplySchema = reply({ room: z.string(), last_seq: z.number().int(), recovered: z.boolean(), missed: z.array(MessageSchema) });
/** A granted join: the room's last seq and, with since_seq, what the socket missed. */
export type JoinAnswer = Omit<Extract<z.infer<typeof JoinReplySchema>, { ok: true }>, 'ok'>;

/** Messages of `room` with seq in (after_seq, up_to_seq], oldest first (gap repair at the edge). */
export const HistoryRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema.nullable(), after_seq: z.number().int().min(0), up_to_seq: z.number().int().min(0) });
export const HistoryReplySchema = reply({ messages: z.array(MessageSchema) });

/** May `user_id` send to `room`? Creates direct-message rooms on first use. */
export const AuthorizeRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema });
export const AuthorizeReplySchema = reply({ room: z.string() });

/** Store a read marker and announce it. */
export const ReadRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema, seq: z.number().int().min(0) });
export const ReadReplySchema = reply({ room: z.string(), seq: z.number().int() });

/** A socket left a room (or closed): presence bookkeeping, fire and forget. */
export const LeaveNoticeSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema, connection_id: z.string() });

/** Sockets still present, refreshed periodically so presence of a crashed edge expires. */
export const PresenceRefreshSchema = z.object({ entries: z.array(z.object({ room: RoomNameSchema, user_id: UserIdSchema, connection_id: z.string() })) });

/** One edge's answer to edge.stats. */
export const EdgeStatsSchema = z.object({
  edge_id: z.string(),
  connections: z.number().int(),
  authenticated: z.number().int(),
  rooms: z.record(z.string(), z.number().int()),
});
export type EdgeStats = z.infer<typeof EdgeStatsSchema>;

/** Control messages to every edge: a user lost access to a room. */
export const EdgeControlSchema = z.object({ type: z.literal('room_removed'), room: RoomNameSchema, user_id: UserIdSchema });

/** What edges and cores read of auth's `auth.revoked` events. */
export const RevocationNoticeSchema = z.object({ token_id: z.string().optional(), session_id: z.string().optional(), user_id: z.string().optional() });
export type RevocationNotice = z.infer<typeof RevocationNoticeSchema>;
