import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import { createInMemoryEdgeContainer, type InMemoryEdge } from '../../../adapters/outbound/memory/in-memory-edge.container';
import { SendMessageUseCase } from './send-message.use-case';

describe('SendMessageUseCase', () => {
  let edge: InMemoryEdge;
  let send: SendMessageUseCase;
  beforeEach(() => {
    edge = createInMemoryEdgeContainer();
    edge.core.addRoom('general', 'public');
    edge.core.addRoom('secret', 'private', ['1']);
    edge.core.addRoom('event:e1', 'event');
    send = edge.container.resolve(SendMessageUseCase);
  });

  it("stores the message with the id derived from its key and answers with the stream's seq", async () => {
    const receipt = await send.run('2', { room: 'general', body: 'hello', client_msg_id: 'c-1' });
    const id = messageIdOf(idempotencyKey('2', 'c-1'));
    expect(receipt).toEqual({ message_id: id, client_msg_id: 'c-1', stream_seq: 1, room: 'general' });
    expect(edge.publisher.stored).toEqual([expect.objectContaining({ message_id: id, room: 'general', sender_id: '2', body: 'hello', client_msg_id: 'c-1' })]);
  });

  it('a retry with the same client_msg_id is stored once and answers the same id and seq', async () => {
    const first = await send.run('2', { room: 'general', body: 'hello', client_msg_id: 'c-1' });
    const retry = await send.run('2', { room: 'general', body: 'hello', client_msg_id: 'c-1' });
    expect(retry).toEqual(first);
    expect(edge.publisher.stored).toHaveLength(1);
  });

  it('a direct message goes to dm:<smaller id>:<larger id>, compared as numbers', async () => {
    expect((await send.run('10', { to_user: '9', body: 'hi', client_msg_id: 'd-1' })).room).toBe('dm:9:10');
    expect((await send.run('9', { to_user: '10', body: 'hi', client_msg_id: 'd-2' })).room).toBe('dm:9:10');
  });

  it('refuses a direct message to yourself, and a body over 4,000 code points, storing nothing', async () => {
    await expect(send.run('2', { to_user: '2', body: 'hi', client_msg_id: 'd-1' })).rejects.toMatchObject({ code: 'MESSAGE.TO_SELF' });
    await expect(send.run('2', { room: 'general', body: 'x'.repeat(4001), client_msg_id: 'c-1' })).rejects.toMatchObject({ code: 'MESSAGE.TOO_LARGE' });
    expect(edge.publisher.stored).toEqual([]);
  });

  it('counts code points, not UTF-16 units: 4,000 emoji fit', async () => {
    await expect(send.run('2', { room: 'general', body: '🙂'.repeat(4000), client_msg_id: 'c-1' })).resolves.toMatchObject({ room: 'general' });
  });

  it("stores nothing where the core refuses: a private room of others, an event room, a room that does not exist", async () => {
    await expect(send.run('2', { room: 'secret', body: 'x', client_msg_id: 'c-1' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(send.run('2', { room: 'event:e1', body: 'x', client_msg_id: 'c-2' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(send.run('2', { room: 'nowhere', body: 'x', client_msg_id: 'c-3' })).rejects.toMatchObject({ kind: 'not_found' });
    expect(edge.publisher.stored).toEqual([]);
  });

  it('answers unavailable, storing nothing, while the core or JetStream is away', async () => {
    edge.core.unavailable = true;
    await expect(send.run('2', { room: 'general', body: 'x', client_msg_id: 'c-1' })).rejects.toMatchObject({ kind: 'unavailable' });
    edge.core.unavailable = false;
    edge.publisher.unavailable = true;
    await expect(send.run('2', { room: 'general', body: 'x', client_msg_id: 'c-2' })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(edge.publisher.stored).toEqual([]);
  });
});
