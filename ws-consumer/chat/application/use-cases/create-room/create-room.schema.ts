import { z } from 'zod';
import { RoomNameSchema } from '#contracts/chat/rooms';
import { UserIdSchema } from '#contracts/auth/user-id';

export const CreateRoomRequestSchema = z
  .object({
    name: RoomNameSchema.meta({ example: 'general', description: 'lowercase letters, digits, _ : -; names starting with dm: or event: are reserved' }),
    visibility: z.enum(['public', 'private']).meta({ description: 'public: any signed-in user may read and post; private: members only' }),
    members: z.array(UserIdSchema).max(500).optional().meta({ description: 'user ids to add besides the creator', example: ['42'] }),
  })
  .strict()
  .meta({ id: 'CreateRoomRequest' });

export type CreateRoomRequest = z.infer<typeof CreateRoomRequestSchema>;
