import { z } from 'zod';

export const HoldRequestSchema = z
  .object({
    seat_ids: z.array(z.uuid({ error: 'seat ids are UUIDs' })).meta({ description: 'every one is held, or none', example: ['0b8f4f2e-6a8d-4c62-9a57-6d1f2f0e7c11'] }),
  })
  .strict()
  .meta({ id: 'HoldRequest' });

export type HoldRequest = z.infer<typeof HoldRequestSchema>;
