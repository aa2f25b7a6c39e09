import { z } from 'zod';

export const WaitlistRequestSchema = z
  .object({ seats: z.number().int().min(1).meta({ description: 'how many seats you want, together in one offer', example: 2 }) })
  .strict()
  .meta({ id: 'WaitlistRequest' });
export type WaitlistRequest = z.infer<typeof WaitlistRequestSchema>;
