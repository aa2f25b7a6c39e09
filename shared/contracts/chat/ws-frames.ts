import { z } from 'zod';
export const MessageSchema = z.object({ message_id: z.string(), room: z.string(), seq: z.number().int(), sender_id: z.string(), body: z.string(), client_msg_id: z.string(), created_at: z.string() });

/** Payloads of client → server frames (docs/protocol.md §3). */
export const ClientPayloads = {
  auth: z.object({ token: z.string().min(1).max(8192) }),
  join: z.object({ room: z.string(), since_seq: z.number().int().min(0).optional() }),
  room: z.object({ room: z.string() }),
  read: z.object({ room: z.string(), seq: z.number().int().min(0) }),
  feed: z.object({ last_seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() }),
};

/** Payloads of server → client frames (docs/protocol.md §4). */
export const ServerPayloads = {
  'system:connected': z.object({ connection_id: z.string(), user_id: z.string().nullable(), heartbeat_ms: z.number() }),
  'system:pong': z.object({}).loose(),
  ok: z.record(z.string(), z.unknown()),
  error: z.object({ code: z.string(), message: z.string() }).loose(),
  'message:new': MessageSchema,
  'message:typing': z.object({ room: z.string(), user_id: z.string() }).loose(),
  'message:read': z.object({ room: z.string(), user_id: z.string(), seq: z.number().int() }).loose(),
  'room:presence': z.object({ room: z.string(), user_id: z.string(), action: z.enum(['join', 'leave']) }).loose(),
  'room:removed': z.object({ room: z.string() }).loose(),
  'post:created': z.object({ action: z.string(), seq: z.number().int(), payload: z.record(z.string(), z.unknown()) }).loose(),
  'feed:reset': z.object({ reason: z.string() }).loose(),
};
export type ServerFrameType = keyof typeof ServerPayloads;
export type ServerPayload<T extends ServerFrameType> = z.infer<(typeof ServerPayloads)[T]>;

export const JoinOkSchema = z.object({ room: z.string(), last_seq: z.number().int(), recovered: z.boolean(), missed: z.array(MessageSchema) }).loose();
export const SendOkSchema = z.object({ message_id: z.string(), client_msg_id: z.string(), stream_seq: z.number() }).loose();
