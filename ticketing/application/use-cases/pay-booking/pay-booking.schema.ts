import { z } from 'zod';

export const PaymentRequestSchema = z
  .object({
    card: z.string().trim().min(1).max(64).default('4242424242424242').meta({ description: 'the card (a token in a real gateway); the simulated gateway declines 4000000000000002', example: '4242424242424242' }),
  })
  .strict()
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;

/** The Idempotency-Key header: a retried request with the same key charges once and answers the same payment. */
export const IdempotencyKeySchema = z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, { error: 'Idempotency-Key must be 1 to 200 visible ASCII characters' });
