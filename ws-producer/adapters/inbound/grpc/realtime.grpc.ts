import { z } from 'zod';
import type { AsyncUnary } from '#kernel/grpc/grpc-server';
import { parseOrThrow } from '#kernel/errors/validation';
import { RoomNameSchema } from '#contracts/chat/rooms';
import { UserIdSchema } from '#contracts/auth/user-id';

/** Sends frames through NATS to whichever edges hold the room or user. */
export interface RealtimeOutbox {
  toUser(userId: string, type: string, payload: object): void;
  toRoom(room: string, type: string, payload: object): void;
  /** Totals over every edge that answers within a short window. */
  stats(): Promise<{ connections: number; authenticated: number; rooms: Record<string, number>; edges: number }>;
}

// Chat, room, system and protocol frames come only from the platform itself: a caller of this
// API must not be able to forge a message:new or a system frame.
const RESERVED_TYPES = /^(message|room|system|auth):|^(ok|error)$/;
const FrameType = z
  .string()
  .regex(/^[a-z_]+:[a-z_]+$/, { error: 'frame types look like booking:confirmed' })
  .refine((type) => !RESERVED_TYPES.test(type), { error: 'message:*, room:*, system:* and auth:* frames cannot be sent through this API' });
const JsonObject = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text || '{}');
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as object;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'payload must be a JSON object' });
    return z.NEVER;
  });

function parse<S extends z.ZodType>(schema: S, request: unknown): z.infer<S> {
  return parseOrThrow(schema, request, 'request');
}

const User = z.object({ user_id: UserIdSchema }).passthrough();

/** realtime.v1.RealtimeService: the seed's notification methods. */
export function realtimeGrpcHandlers(outbox: RealtimeOutbox): Record<string, AsyncUnary<any, any>> {
  const accepted = { accepted: true };
  return {
    NotifyBookingResult: async (request) => {
      const r = parse(User, request) as Record<string, unknown> & { user_id: string; success: boolean };
      const { user_id, success, ...rest } = r;
      outbox.toUser(user_id, success ? 'booking:confirmed' : 'booking:failed', rest);
      return accepted;
    },
    NotifyQueuePosition: async (request) => {
      const { user_id, ...rest } = parse(User, request) as { user_id: string };
      outbox.toUser(user_id, 'booking:queue_position', rest);
      return accepted;
    },
    NotifyPaymentStatus: async (request) => {
      const r = parse(User.extend({ status: z.enum(['processing', 'success', 'failed']) }), request);
      const { user_id, status, ...rest } = r as { user_id: string; status: string };
      outbox.toUser(user_id, `payment:${status}`, { ...rest, status });
      return accepted;
    },
    BroadcastEvent: async (request) => {
      const r = parse(z.object({ room: RoomNameSchema, type: FrameType, payload: JsonObject }), request);
      outbox.toRoom(r.room, r.type, r.payload);
      return accepted;
    },
    SendToUser: async (request) => {
      const r = parse(z.object({ user_id: UserIdSchema, type: FrameType, payload: JsonObject }), request);
      outbox.toUser(r.user_id, r.type, r.payload);
      return accepted;
    },
    GetConnectionStats: async () => {
      const s = await outbox.stats();
      return { total_connections: s.connections, authenticated_connections: s.authenticated, connections_per_room: s.rooms, edges: s.edges };
    },
  };
}
