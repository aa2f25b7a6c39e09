import type { HttpRouter } from '#kernel/http/http-router';
import { parseOrThrow } from '#kernel/errors/validation';
import type { Principal } from '#contracts/auth/principal';
import type { PublishPostUseCase } from '../../../application/use-cases/publish-post/publish-post.use-case';
import { IdempotencyKeySchema, PostBodySchema, PostReceiptSchema } from '../../../application/use-cases/publish-post/publish-post.schema';

/** HTTP post publish: 202 after the JetStream PubAck; the core stores the post and fans it out to feeds. */
export function postsRoutes(publishPost: PublishPostUseCase) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'post',
      path: '/v1/posts',
      tag: 'posts',
      summary: 'Publish a post (stored durably before the answer). Send an Idempotency-Key header (1-128 printable ASCII characters, no spaces): a retry with it publishes the post once and answers the same post_id.',
      auth: true,
      body: PostBodySchema,
      responses: {
        202: { description: 'Stored in JetStream; it will be persisted and appear in feeds', schema: PostReceiptSchema },
        400: { description: 'Empty or blank body, more than 10 image URLs, an image URL that is not http(s), or a malformed Idempotency-Key' },
        413: { description: 'Body over 2,000 characters' },
        503: { description: 'JetStream is unavailable; nothing was stored' },
      },
      handler: async ({ body, principal, req }) => {
        const header = req.headers['idempotency-key'];
        const key = header === undefined ? undefined : parseOrThrow(IdempotencyKeySchema, header, 'Idempotency-Key header');
        return { status: 202, body: await publishPost.run(principal.userId, body, key) };
      },
    });
  };
}
