import { z } from 'zod';
import { RoomNameSchema } from '#contracts/chat/rooms';
import { MessageSchema } from '#contracts/chat/ws-frames';
import { MAX_QUERY_LENGTH, MIN_SUBSTRING_LENGTH } from '../domain/search-query';

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
export const MAX_SEARCH_PAGE = 100;
export const DEFAULT_SEARCH_PAGE = 20;

const common = {
  cursor: z.preprocess(emptyAsAbsent, z.string().max(1024).optional()).meta({ description: 'next_cursor of the previous page' }),
  limit: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).default(DEFAULT_SEARCH_PAGE)).meta({ description: `page size, 1 to ${MAX_SEARCH_PAGE} (default ${DEFAULT_SEARCH_PAGE})` }),
};
const q = (description: string, example: string) => z.string().min(1).max(MAX_QUERY_LENGTH * 4).meta({ description, example });

export const UserSearchQuerySchema = z.object({
  q: q(`literal text (no wildcards or operators); ${MIN_SUBSTRING_LENGTH}+ characters: a substring of username, email or phone; 1-2 characters: a username prefix`, '191954'),
  ...common,
});
export const MessageSearchQuerySchema = z.object({
  q: q('words, all of which must occur (literal text: no operators or wildcards)', 'concert tickets'),
  room: z.preprocess(emptyAsAbsent, RoomNameSchema.optional()).meta({ description: 'only this room (you still see only rooms you may read)' }),
  ...common,
});
export const EventSearchQuerySchema = z.object({
  q: q('words of the name or the venue, all of which must occur', 'rock night'),
  ...common,
});
export type UserSearchQuery = z.infer<typeof UserSearchQuerySchema>;
export type MessageSearchQuery = z.infer<typeof MessageSearchQuerySchema>;
export type EventSearchQuery = z.infer<typeof EventSearchQuerySchema>;

const nextCursor = z.string().optional().meta({ description: 'pass as cursor for the next page; absent on the last page', example: 'WyJhbGljZSIsIjQyIl0' });

export const UserHitSchema = z.object({ id: z.string().meta({ example: '42' }), username: z.string().meta({ example: 'alice' }) }).meta({ id: 'UserHit' });
export const UserHitPageSchema = z.object({ items: z.array(UserHitSchema), next_cursor: nextCursor }).meta({ id: 'UserHitPage' });

export const MessageHitSchema = MessageSchema.omit({ client_msg_id: true })
  .extend({
    snippet: z.string().meta({ description: 'HTML: the body escaped, matched words in <mark>', example: 'the <mark>concert</mark> <mark>tickets</mark> are on sale' }),
  })
  // A whole example: the fields come from MessageSchema, chat's published language.
  .meta({
    id: 'MessageHit',
    example: { message_id: '5b0e7c1d-93a4-5f62-8e1b-2d7c4a9f6e30', room: 'lobby', seq: 151, sender_id: '42', body: 'the concert tickets are on sale', created_at: '2026-12-03T09:15:27.512Z', snippet: 'the <mark>concert</mark> <mark>tickets</mark> are on sale' },
  });
export const MessageHitPageSchema = z.object({ items: z.array(MessageHitSchema), next_cursor: nextCursor }).meta({ id: 'MessageHitPage' });

export const EventHitSchema = z
  .object({
    id: z.string().meta({ example: '8d3f4a2e-6b1c-4e7f-9a05-3c2b1d0e9f87' }),
    name: z.string().meta({ example: 'Rock Night' }),
    venue: z.string().nullable().meta({ example: 'Globe Theatre' }),
    starts_at: z.string().nullable().meta({ example: '2027-06-01T19:30:00.000Z' }),
    organizer_id: z.string().meta({ example: '42' }),
  })
  .meta({ id: 'EventHit' });
export const EventHitPageSchema = z.object({ items: z.array(EventHitSchema), next_cursor: nextCursor }).meta({ id: 'EventHitPage' });

export type UserHitPage = z.infer<typeof UserHitPageSchema>;
export type MessageHitPage = z.infer<typeof MessageHitPageSchema>;
export type EventHitPage = z.infer<typeof EventHitPageSchema>;
