import { z } from 'zod';

export const BookingRequestSchema = z
  .object({ hold_id: z.uuid({ error: 'hold_id must be a UUID' }).meta({ description: 'your hold; its seats are booked together' }) })
  .strict()
  .meta({ id: 'BookingRequest' });
export type BookingRequest = z.infer<typeof BookingRequestSchema>;

export const BookingAcceptedSchema = z
  .object({
    id: z.uuid(),
    status: z.literal('pending'),
    queue_position: z.number().int().meta({ description: 'bookings ahead of it, plus one; booking:queue_position frames follow as the queue drains' }),
  })
  .meta({ id: 'BookingAccepted' });
export type BookingAccepted = z.infer<typeof BookingAcceptedSchema>;
