import { z } from 'zod';
import { RoomNameSchema } from '#contracts/chat/rooms';
import type { Room } from '../domain/room.entity';

/** `{room}` path parameter of the room routes. */
export const RoomParamsSchema = z.object({ room: RoomNameSchema.meta({ example: 'general' }) });

/** A room as clients see it (room listings, creation answers). */
export const RoomViewSchema = z
  .object({
    name: z.string().meta({ example: 'general' }),
    visibility: z.enum(['public', 'private', 'direct', 'event']),
    last_seq: z.number().int().meta({ description: 'seq of the newest message (0 when empty)', example: 151 }),
    created_at: z.string().meta({ example: '2026-01-01T12:00:00.000Z' }),
  })
  .meta({ id: 'Room' });
export type RoomView = z.infer<typeof RoomViewSchema>;

export function toRoomView(room: Room): RoomView {
  return { name: room.name, visibility: room.visibility, last_seq: room.lastSeq, created_at: room.createdAt.toISOString() };
}

/** User ids, ascending (member lists, presence). */
export const UserIdListSchema = z.object({ items: z.array(z.string().meta({ example: '42' })) }).meta({ id: 'UserIdList' });
export type UserIdList = z.infer<typeof UserIdListSchema>;
