import { uniqueId } from '../../../../../test/support/test-run';
import { describeMessageStoreContract } from '../../../application/ports/message-store.contract';
import { InMemoryMessageStore } from './in-memory-message.store';
import { InMemoryRoomRepository } from './in-memory-room.repository';

describeMessageStoreContract('InMemoryMessageStore', async () => {
  const rooms = new InMemoryRoomRepository();
  return {
    store: new InMemoryMessageStore(rooms),
    newRoom: async () => (await rooms.create({ name: `ms-${uniqueId(6)}`, visibility: 'public', createdBy: null }, [])).name,
    lastSeq: async (room) => (await rooms.find(room))?.lastSeq ?? -1,
  };
});
