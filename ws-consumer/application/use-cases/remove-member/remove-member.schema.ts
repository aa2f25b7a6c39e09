import { z } from 'zod';
import { RoomNameSchema, UserIdSchema } from '../../../../shared/messaging/contracts';

export const RemoveMemberParamsSchema = z.object({
  room: RoomNameSchema.meta({ example: 'general' }),
  user: UserIdSchema.meta({ example: '42', description: 'user id; your own to leave the room' }),
});
