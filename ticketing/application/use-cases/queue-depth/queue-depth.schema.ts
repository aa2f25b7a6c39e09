import { z } from 'zod';

/** `GET /v1/admin/queue`: the booking queue's depth by state. */
export const QueueDepthSchema = z
  .object({
    queue: z.string().meta({ example: 'booking' }),
    waiting: z.number().int().meta({ description: 'bookings waiting for a worker' }),
    active: z.number().int().meta({ description: 'being worked on' }),
    delayed: z.number().int().meta({ description: 'waiting out a retry backoff (an outage)' }),
    failed: z.number().int().meta({ description: 'given up after every attempt and not yet removed' }),
  })
  .meta({ id: 'QueueDepth', example: { queue: 'booking', waiting: 14, active: 8, delayed: 0, failed: 0 } });

export type QueueDepth = z.infer<typeof QueueDepthSchema>;
