import { z } from 'zod';

const count = (description: string) => z.number().int().nullable().meta({ description: `${description}; null when the consumer does not exist yet` });

/** `GET /v1/admin/consumers`: the core's durable JetStream consumers and its dead letters. */
export const ConsumersReportSchema = z
  .object({
    consumers: z.array(
      z.object({
        stream: z.string(),
        durable: z.string(),
        num_pending: count('messages not yet given to the consumer (its lag)'),
        num_ack_pending: count('given to it, not yet acknowledged'),
        num_redelivered: count('given more than once, not yet acknowledged'),
      }),
    ),
    dead_letters: z.array(z.object({ source: z.string().meta({ example: 'chat' }), count: z.number().int() })).meta({ description: 'messages in stream DLQ by the context that gave up on them (kept 30 days)' }),
  })
  .meta({
    id: 'ConsumersReport',
    example: {
      consumers: [
        { stream: 'CHAT', durable: 'core-persist', num_pending: 12, num_ack_pending: 3, num_redelivered: 0 },
        { stream: 'FEED', durable: 'core-feed-posts', num_pending: 0, num_ack_pending: 0, num_redelivered: 0 },
      ],
      dead_letters: [{ source: 'chat', count: 2 }],
    },
  });

export type ConsumersReport = z.infer<typeof ConsumersReportSchema>;
