import { z } from 'zod';
import { hashedUuid } from '#kernel/ids/hashed-uuid';
import { UserIdSchema } from '#contracts/auth/user-id';
import { isStorableText } from '#contracts/chat/rooms';

/** Longest post body (code points) and most images of a post. */
export const MAX_POST_CHARS = 2_000;
export const MAX_POST_IMAGES = 10;

const withinPostLimit = (body: string) => [...body].length <= MAX_POST_CHARS;
const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'image URLs must be http(s) URLs' })
  .max(2_048);

/** `POST /v1/posts` as clients send it (the edge validates it; the core reads the same rules back). */
export const NewPostSchema = z.object({
  body: z
    .string()
    .refine((b) => b.trim().length > 0, { error: 'body must not be empty' })
    .refine(withinPostLimit, { error: `body must be at most ${MAX_POST_CHARS} characters` })
    .refine(isStorableText, { error: 'body must be valid text (no NUL, no lone surrogates)' })
    .meta({ example: 'Doors open at seven!' }),
  image_urls: z.array(HttpUrl).max(MAX_POST_IMAGES, { error: `at most ${MAX_POST_IMAGES} image URLs` }).default([]).meta({ example: ['https://example.com/a.jpg'] }),
});
export type NewPost = z.infer<typeof NewPostSchema>;

/** What the edge stores in stream FEED for one post (Nats-Msg-Id `post:<post_id>`). */
export const PostPublishSchema = NewPostSchema.extend({
  post_id: z.uuid(),
  author_id: UserIdSchema,
  created_at: z.iso.datetime(),
});
export type PostPublish = z.infer<typeof PostPublishSchema>;

/**
 * A post's id: random, or, when the client sends an Idempotency-Key, derived from the author
 * and the key (a UUID-shaped SHA-256), so a retried POST publishes the same post once.
 */
export function postIdOf(authorId: string, idempotencyKey: string): string {
  return hashedUuid(`post:${authorId}:${idempotencyKey}`);
}
