import { z } from 'zod';
import { RoomNameSchema } from '#contracts/chat/rooms';
import { UserIdSchema } from '#contracts/auth/user-id';

export const AddMemberParamsSchema = z.object({
  room: RoomNameSchema.meta({ example: 'general' }),
  user: UserIdSchema.meta({ example: '42', description: 'user id' }),
});
