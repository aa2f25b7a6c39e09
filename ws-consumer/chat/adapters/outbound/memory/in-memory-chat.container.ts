import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import * as T from '../../../tokens';
import { InMemoryRoomRepository } from './in-memory-room.repository';
import { InMemoryMessageStore } from './in-memory-message.store';
import { InMemoryPresenceTracker } from './in-memory-presence.tracker';
import { InMemoryDeliveryPublisher } from './in-memory-delivery.publisher';

/** The fakes behind a use-case test's container, kept so the test can arrange and inspect them. */
export interface InMemoryChat {
  container: DependencyContainer;
  rooms: InMemoryRoomRepository;
  messages: InMemoryMessageStore;
  presence: InMemoryPresenceTracker;
  delivery: InMemoryDeliveryPublisher;
}

/**
 * A child container with the ws-consumer ports bound to in-memory fakes, for use-case tests (the
 * test counterpart of main.ts). `users` are the user ids that exist. 
 */
export function createInMemoryChatContainer(options: { users?: Iterable<string> } = {}): InMemoryChat {
  const rooms = new InMemoryRoomRepository(options.users);
  const fakes = { rooms, messages: new InMemoryMessageStore(rooms), presence: new InMemoryPresenceTracker(), delivery: new InMemoryDeliveryPublisher() };
  const c = rootContainer.createChildContainer();
  c.register(T.ROOM_REPOSITORY, { useValue: fakes.rooms });
  c.register(T.MESSAGE_STORE, { useValue: fakes.messages });
  c.register(T.PRESENCE_TRACKER, { useValue: fakes.presence });
  c.register(T.DELIVERY_PUBLISHER, { useValue: fakes.delivery });
  return { container: c, ...fakes };
}
