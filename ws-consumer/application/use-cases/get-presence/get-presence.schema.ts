import { z } from 'zod';
import { RoomNameSchema } from '../../../../shared/messaging/contracts';

export const GetPresenceParamsSchema = z.object({ room: RoomNameSchema.meta({ example: 'general' }) });
export type GetPresenceParams = z.infer<typeof GetPresenceParamsSchema>;
