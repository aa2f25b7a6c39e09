import { z } from 'zod';
import { rpcReply } from '#kernel/nats/nats-rpc';
import { UserIdSchema } from '#contracts/auth/user-id';
import { RoomNameSchema } from './rooms';
import { MessageSchema } from './ws-frames';

// The core's request/reply API for edges (NATS, one queue group of every ws-consumer). Both
// sides parse with these schemas.

/** Join `room` as `user_id` (null: anonymous guest); with since_seq, the messages after it. */
export const JoinRequestSchema = z.object({
  room: RoomNameSchema,
  user_id: UserIdSchema.nullable(),
  connection_id: z.string(),
  since_seq: z.number().int().min(0).optional(),
  recovery_max: z.number().int().min(0),
});
export const JoinReplySchema = rpcReply({ room: z.string(), last_seq: z.number().int(), recovered: z.boolean(), missed: z.array(MessageSchema) });
/** A granted join: the room's last seq and, with since_seq, what the socket missed. */
export type JoinAnswer = Omit<Extract<z.infer<typeof JoinReplySchema>, { ok: true }>, 'ok'>;

/** Messages of `room` with seq in (after_seq, up_to_seq], oldest first (gap repair at the edge). */
export const HistoryRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema.nullable(), after_seq: z.number().int().min(0), up_to_seq: z.number().int().min(0) });
export const HistoryReplySchema = rpcReply({ messages: z.array(MessageSchema) });

/** May `user_id` send to `room`? Creates direct-message rooms on first use. */
export const AuthorizeRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema });
export const AuthorizeReplySchema = rpcReply({ room: z.string() });

/** Store a read marker and announce it. */
export const ReadRequestSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema, seq: z.number().int().min(0) });
export const ReadReplySchema = rpcReply({ room: z.string(), seq: z.number().int() });

/** A socket left a room (or closed): presence bookkeeping, fire and forget. */
export const LeaveNoticeSchema = z.object({ room: RoomNameSchema, user_id: UserIdSchema, connection_id: z.string() });

/** Sockets still present, refreshed periodically so presence of a crashed edge expires. */
export const PresenceRefreshSchema = z.object({ entries: z.array(z.object({ room: RoomNameSchema, user_id: UserIdSchema, connection_id: z.string() })) });
