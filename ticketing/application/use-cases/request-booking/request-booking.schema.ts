import { z } from 'zod';

export const BookingRequestSchema = z
  .object({ hold_id: z.uuid({ error: 'hold_id must be a UUID' }).meta({ description: 'your hold; its seats are booked together', example: '5e2a7c90-3b1d-4f6e-8a24-9c0d1e7b3f52' }) })
  .strict()
  .meta({ id: 'BookingRequest' });
export type BookingRequest = z.infer<typeof BookingRequestSchema>;

export const BookingAcceptedSchema = z
  .object({
    id: z.uuid().meta({ example: 'a4c1e8f2-7d3b-4e95-b061-2f8d9c5a7e14' }),
    status: z.literal('pending'),
    queue_position: z.number().int().meta({ description: 'bookings ahead of it, plus one; booking:queue_position frames follow as the queue drains', example: 1 }),
  })
  .meta({ id: 'BookingAccepted' });
export type BookingAccepted = z.infer<typeof BookingAcceptedSchema>;
