import { describeMessagePublisherContract } from '../../../application/ports/message-publisher.contract';
import { InMemoryMessagePublisher } from './in-memory-message.publisher';

describeMessagePublisherContract('InMemoryMessagePublisher', async () => {
  const publisher = new InMemoryMessagePublisher();
  return { publisher, stored: async () => [...publisher.stored] };
});
