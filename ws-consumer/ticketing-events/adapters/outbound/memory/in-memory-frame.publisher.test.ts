import { describeFramePublisherContract, type SeenByEdges } from '../../../application/ports/frame-publisher.contract';
import { InMemoryFramePublisher } from './in-memory-frame.publisher';

// The fake passes the very suite NatsFramePublisher passes (nats-frame.publisher.int.test.ts).
describeFramePublisherContract('InMemoryFramePublisher', async () => {
  const publisher = new InMemoryFramePublisher();
  return {
    publisher,
    observed: async () => {
      const seen: SeenByEdges = { users: {}, rooms: {} };
      for (const { target, type, payload } of publisher.frames) {
        const frames = 'user' in target ? (seen.users[target.user] ??= []) : (seen.rooms[target.room] ??= []);
        frames.push({ type, payload });
      }
      return seen;
    },
  };
});
