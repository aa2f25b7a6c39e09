import { randomUUID } from 'node:crypto';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { CreateEventRoomUseCase } from './create-event-room.use-case';

describe('CreateEventRoomUseCase', () => {
  let core: InMemoryChat;
  let createEventRoom: CreateEventRoomUseCase;

  beforeEach(() => {
    core = createInMemoryChatContainer({ users: ['1'] });
    createEventRoom = core.container.resolve(CreateEventRoomUseCase);
  });

  it('makes the event’s room event:<id>: event visibility, no creator, no members', async () => {
    const eventId = randomUUID();
    await createEventRoom.run(eventId);
    expect(await core.rooms.find(eventRoom(eventId))).toMatchObject({ name: `event:${eventId}`, visibility: 'event', createdBy: null, lastSeq: 0 });
    expect(await core.rooms.listMembers(eventRoom(eventId))).toEqual([]);
  });

  it('succeeds again for an event whose room exists (events arrive at least once), changing nothing', async () => {
    const eventId = randomUUID();
    await createEventRoom.run(eventId);
    await core.messages.persistBatch([{ messageId: randomUUID(), room: eventRoom(eventId), senderId: '1', body: 'x', clientMsgId: 'c', streamSeq: 1 }]);
    await expect(createEventRoom.run(eventId)).resolves.toBeUndefined();
    expect(await core.rooms.find(eventRoom(eventId))).toMatchObject({ lastSeq: 1 });
  });

  it('lets other failures through (the consumer retries them)', async () => {
    core.rooms.create = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await expect(createEventRoom.run(randomUUID())).rejects.toThrow('ECONNREFUSED');
  });
});
