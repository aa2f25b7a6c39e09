import { z } from 'zod';

// Path and query parameters, validated where they enter (a malformed UUID never reaches SQL or Redis).

const Uuid = (name: string) => z.uuid({ error: `${name} must be a UUID` }).meta({ example: '0b8f4f2e-6a8d-4c62-9a57-6d1f2f0e7c11' });

export const EventParamsSchema = z.object({ id: Uuid('event id') });
export const HoldParamsSchema = z.object({ id: Uuid('hold id') });
export const BookingParamsSchema = z.object({ id: Uuid('booking id') });
export const WaitlistParamsSchema = z.object({ id: Uuid('waiting-list entry id') });
export const PaymentParamsSchema = z.object({ booking_id: Uuid('booking id') });

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

export const PageQuerySchema = z.object({
  cursor: z.preprocess(emptyAsAbsent, z.string().max(200).optional()).meta({ description: 'next_cursor of the previous page' }),
  limit: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)).meta({ description: 'page size, 1 to 100 (default 20)' }),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;
