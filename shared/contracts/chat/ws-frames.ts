import { z } from 'zod';
import { RoomNameSchema } from './rooms';

// The WebSocket protocol's payloads, shared by the edge (which validates what clients send) and
// the client library in client/sdk (which checks what the edge answers). Only zod and the room
// rules here: the browser bundle imports this file, so nothing of Node may enter it.

/** A stored message as clients see it (`message:new` payload, history items, `missed` on join). */
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

/** Payloads of client → server frames; `message:send`'s is the edge's SendMessagePayloadSchema. */
export const ClientPayloads = {
  auth: z.object({ token: z.string().min(1).max(8192) }),
  join: z.object({ room: RoomNameSchema, since_seq: z.number().int().min(0).optional() }),
  room: z.object({ room: RoomNameSchema }),
  read: z.object({ room: RoomNameSchema, seq: z.number().int().min(0) }),
  /** `last_seq`: the `seq` of the last post:created the client has (feed seqs start at 1). */
  feed: z.object({ last_seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() }),
};

/** Every frame, either way: `{type, id?, payload?}`. */
export const EnvelopeSchema = z.object({ type: z.string().min(1).max(64), id: z.string().max(64).optional(), payload: z.record(z.string(), z.unknown()).optional() });
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A post as `post:created` carries it (the posts seed's shape). */
export const FeedPostSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    created_at: z.string(),
    user: z.object({ id: z.string(), username: z.string() }),
    is_liked: z.boolean(),
    image_urls: z.array(z.string()),
    likes_count: z.number().int(),
  })
  .loose();
export type FeedPost = z.infer<typeof FeedPostSchema>;

const SeatStatus = z.enum(['free', 'held', 'sold']);
/** Ticketing frames keep fields beyond these (amounts, references…): loose. */
const BookingFrame = z.object({ booking_id: z.string() }).loose();

/** Payloads of server → client frames (pushed, without an `id`). */
export const ServerPayloads = {
  'system:connected': z.object({ connection_id: z.string(), user_id: z.string().nullable(), heartbeat_ms: z.number() }).loose(),
  'system:pong': z.object({}).loose(),
  'message:new': MessageSchema,
  'message:typing': z.object({ room: z.string(), user_id: z.string() }).loose(),
  'message:read': z.object({ room: z.string(), user_id: z.string(), seq: z.number().int() }).loose(),
  'room:presence': z.object({ room: z.string(), user_id: z.string(), action: z.enum(['join', 'leave']) }).loose(),
  'room:removed': z.object({ room: z.string() }).loose(),
  'post:created': z.object({ action: z.string(), seq: z.number().int(), payload: FeedPostSchema }).loose(),
  'feed:reset': z.object({ reason: z.string() }).loose(),
  'booking:queue_position': BookingFrame,
  'booking:processing': BookingFrame,
  'booking:confirmed': BookingFrame,
  'booking:failed': BookingFrame,
  'booking:cancelled': BookingFrame,
  'payment:processing': BookingFrame,
  'payment:success': BookingFrame,
  'payment:failed': BookingFrame,
  'payment:refunded': BookingFrame,
  'waitlist:offer': z.object({ event_id: z.string(), hold_id: z.string(), seat_ids: z.array(z.string()), expires_at: z.string() }).loose(),
  'ticket:availability': z.object({ event_id: z.string(), available: z.number().int(), seats: z.array(z.object({ id: z.string(), status: SeatStatus })) }).loose(),
};
export type ServerFrameType = keyof typeof ServerPayloads;
export type ServerPayload<T extends ServerFrameType> = z.infer<(typeof ServerPayloads)[T]>;

/** Answers (`ok` payloads) the client library reads. */
export const Answers = {
  auth: z.object({ user_id: z.string(), expires_at: z.unknown().optional() }).loose(),
  join: z.object({ room: z.string(), last_seq: z.number().int(), recovered: z.boolean(), missed: z.array(MessageSchema) }).loose(),
  send: z.object({ message_id: z.string(), client_msg_id: z.string(), stream_seq: z.number() }).loose(),
};
export type JoinAnswer = z.infer<typeof Answers.join>;
export type SendAnswer = z.infer<typeof Answers.send>;

/** An `error` frame's payload. */
export const ErrorPayloadSchema = z.object({ code: z.string(), message: z.string() }).loose();
