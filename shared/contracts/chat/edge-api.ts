import { z } from 'zod';
import { UserIdSchema } from '#contracts/auth/user-id';
import { RoomNameSchema } from './rooms';

/** One edge's answer to edge.stats (GetConnectionStats sums them over every edge). */
export const EdgeStatsSchema = z.object({
  edge_id: z.string(),
  connections: z.number().int(),
  authenticated: z.number().int(),
  rooms: z.record(z.string(), z.number().int()),
});
export type EdgeStats = z.infer<typeof EdgeStatsSchema>;

/** Control messages to every edge: a user lost access to a room. */
export const EdgeControlSchema = z.object({ type: z.literal('room_removed'), room: RoomNameSchema, user_id: UserIdSchema });
export type EdgeControl = z.infer<typeof EdgeControlSchema>;
