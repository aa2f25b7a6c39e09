import { randomUUID } from 'node:crypto';
import { describeCoreClientContract } from '../../../application/ports/core-client.contract';
import { InMemoryCoreClient } from './in-memory-core.client';

let nextUser = 1;

describeCoreClientContract('InMemoryCoreClient', async () => {
  const core = new InMemoryCoreClient();
  return {
    core,
    users: async (count) => Array.from({ length: count }, () => String(nextUser++)),
    room: async (visibility, creator, members = []) => {
      const name = `room-${randomUUID().slice(0, 8)}`;
      core.addRoom(name, visibility, [creator, ...members]);
      return name;
    },
    eventRoom: async () => {
      const name = `event:${randomUUID()}`;
      core.addRoom(name, 'event');
      return name;
    },
    store: async (room, sender, count) => {
      for (let i = 0; i < count; i++) core.store(room, sender);
    },
    removeMember: async (room, _actor, userId) => core.removeMember(room, userId),
  };
});
