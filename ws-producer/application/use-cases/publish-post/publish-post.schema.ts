import { z } from 'zod';
import { isStorableText } from '#contracts/chat/rooms';
import { MAX_POST_CHARS, NewPostSchema } from '#contracts/feed/feed-posts';

// The 2,000-character body limit is checked by the use case, not here: like a message body over
// its limit, it answers `too_large`, not `bad_request`. The publisher checks the whole contract
// (PostPublishSchema) again before anything is stored.
const body = z
  .string()
  .refine((b) => b.trim().length > 0, { error: 'body must not be empty' })
  .refine(isStorableText, { error: 'body must be valid text (no NUL, no lone surrogates)' })
  .meta({ description: `at most ${MAX_POST_CHARS.toLocaleString('en')} characters`, example: 'Doors open at seven!' });

/** `POST /v1/posts` body. */
export const PostBodySchema = NewPostSchema.extend({ body }).strict().meta({ id: 'NewPost' });

/** The Idempotency-Key header: a retried POST with the same key publishes the post once and answers the same post_id. */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,128}$/, { error: 'Idempotency-Key is 1-128 printable ASCII characters without spaces, e.g. a UUID' });

export const PostReceiptSchema = z
  .object({ post_id: z.uuid(), status: z.literal('accepted') })
  .meta({ id: 'PostReceipt', example: { post_id: '3f1c9a52-7e4b-8d21-9a0f-5c6e2b7d4a18', status: 'accepted' } });

export type PostReceipt = z.infer<typeof PostReceiptSchema>;
