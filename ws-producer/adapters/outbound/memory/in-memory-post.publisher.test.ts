import { describePostPublisherContract } from '../../../application/ports/post-publisher.contract';
import { InMemoryPostPublisher } from './in-memory-post.publisher';

describePostPublisherContract('InMemoryPostPublisher', async () => {
  const publisher = new InMemoryPostPublisher();
  return { publisher, stored: async () => [...publisher.stored] };
});
