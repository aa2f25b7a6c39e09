import { z } from 'zod';
import { MONEY } from '../../../domain/money';

const SeatRequestSchema = z
  .object({
    section: z.string().trim().min(1).max(40).meta({ example: 'Stalls' }),
    row: z.string().trim().min(1).max(10).meta({ example: 'B' }),
    number: z.number().int().min(1).max(100_000).meta({ example: 7 }),
    price: z.string().regex(MONEY, { error: 'price must be a decimal string with at most two decimals, not negative, e.g. "25.50"' }).meta({ example: '25.50' }),
  })
  .strict();

export const CreateEventRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Hamlet, opening night' }),
    venue: z.string().trim().min(1).max(200).meta({ example: 'Globe Theatre' }),
    starts_at: z.iso.datetime({ offset: true, error: 'starts_at must be an ISO 8601 date-time' }).meta({ example: '2027-03-01T19:30:00Z' }),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code such as EUR' }).meta({ example: 'EUR' }),
    seats: z.array(SeatRequestSchema).min(1, { error: 'an event needs at least one seat' }),
  })
  .strict()
  .meta({ id: 'CreateEventRequest' });

export type CreateEventRequest = z.infer<typeof CreateEventRequestSchema>;
