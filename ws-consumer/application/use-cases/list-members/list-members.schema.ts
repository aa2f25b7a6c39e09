import { z } from 'zod';
import { RoomNameSchema } from '../../../../shared/messaging/contracts';

export const ListMembersParamsSchema = z.object({ room: RoomNameSchema.meta({ example: 'general' }) });
export type ListMembersParams = z.infer<typeof ListMembersParamsSchema>;
