import { randomUUID } from 'node:crypto';
import { PublicError } from '#kernel/errors/error-kind';
import type { PostPublish } from '#contracts/feed/feed-posts';
import { rejectionOf } from '../../../test/support/rejection';
import type { PostPublisherPort } from './post-publisher.port';

export interface PostPublisherSubject {
  publisher: PostPublisherPort;
  /** What the stream holds now, in stream order. */
  stored(): Promise<PostPublish[]>;
}

/** A valid post as the edge publishes it. */
export function postPublish(authorId = '7', body = `post ${randomUUID()}`): PostPublish {
  return { post_id: randomUUID(), author_id: authorId, body, image_urls: ['https://example.com/a.jpg'], created_at: new Date().toISOString() };
}

/** What every PostPublisherPort promises (JetStream in production, a fake in unit tests). */
export function describePostPublisherContract(name: string, makeSubject: () => Promise<PostPublisherSubject>): void {
  describe(`PostPublisherPort contract: ${name}`, () => {
    it('answers once stored: exactly the posts published, in publish order', async () => {
      const { publisher, stored } = await makeSubject();
      const [a, b] = [postPublish('7'), postPublish('8')];
      await publisher.publish(a);
      await publisher.publish(b);
      expect(await stored()).toEqual([a, b]);
    });

    it('a post published again with the same post_id is stored once, as first published', async () => {
      const { publisher, stored } = await makeSubject();
      const post = postPublish();
      await publisher.publish(post);
      await publisher.publish({ ...post, created_at: new Date(Date.now() + 1_000).toISOString() });
      expect(await stored()).toEqual([post]);
    });

    it('refuses a payload that breaks PostPublishSchema with bad_request, storing nothing', async () => {
      const { publisher, stored } = await makeSubject();
      const error = await rejectionOf(publisher.publish({ ...postPublish(), image_urls: ['javascript:alert(1)'] }), PublicError);
      expect(error.kind).toBe('bad_request');
      expect(await stored()).toEqual([]);
    });
  });
}
