import { z } from 'zod';
import { RoomNameSchema, UserIdSchema } from '../../../../shared/messaging/contracts';

export const AddMemberParamsSchema = z.object({
  room: RoomNameSchema.meta({ example: 'general' }),
  user: UserIdSchema.meta({ example: '42', description: 'user id' }),
});
