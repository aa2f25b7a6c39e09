import { z } from 'zod';
import { RoomViewSchema } from '../../room-view';
import { limitParam } from '../../query-params';

export const ListRoomsQuerySchema = z.object({
  cursor: z.string().max(64).optional().meta({ description: 'next_cursor of the previous page' }),
  limit: limitParam(200, 50),
});
export type ListRoomsQuery = z.infer<typeof ListRoomsQuerySchema>;

export const RoomListSchema = z
  .object({
    items: z.array(RoomViewSchema),
    next_cursor: z.string().optional().meta({ description: 'pass as cursor for the next page; absent on the last page', example: 'general' }),
  })
  .meta({ id: 'RoomList' });
export type RoomList = z.infer<typeof RoomListSchema>;
