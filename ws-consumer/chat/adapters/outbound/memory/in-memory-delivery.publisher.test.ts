import { directParticipants } from '#contracts/chat/rooms';
import { toMessageView } from '../../../application/message-view';
import { describeDeliveryPublisherContract, type SeenByEdges } from '../../../application/ports/delivery-publisher.contract';
import { InMemoryDeliveryPublisher, type DeliveryCall } from './in-memory-delivery.publisher';

/**
 * The fake's recorded calls read as the port defines them (what NatsDeliveryPublisher puts on the
 * wire): each stored message to its room as `message:new` with its seq, and a direct room's also
 * to both users; `toRoom` frames to the room; `roomRemoved` to every edge.
 */
function seenByEdges(calls: DeliveryCall[]): SeenByEdges {
  const seen: SeenByEdges = { rooms: {}, users: {}, control: [] };
  for (const call of calls) {
    if (call.method === 'messages') {
      for (const message of call.messages) {
        const frame = { seq: message.seq, frame: { type: 'message:new', payload: toMessageView(message) } };
        (seen.rooms[message.room] ??= []).push(frame);
        for (const userId of directParticipants(message.room) ?? []) (seen.users[userId] ??= []).push({ room: message.room, ...frame });
      }
    } else if (call.method === 'toRoom') {
      (seen.rooms[call.room] ??= []).push({ frame: { type: call.type, payload: call.payload } });
    } else {
      seen.control.push({ type: 'room_removed', room: call.room, user_id: call.userId });
    }
  }
  // A snapshot, as what reached an edge cannot change afterwards.
  return structuredClone(seen);
}

// The fake passes the very suite NatsDeliveryPublisher passes (nats-delivery.publisher.int.test.ts).
describeDeliveryPublisherContract('InMemoryDeliveryPublisher', async () => {
  const publisher = new InMemoryDeliveryPublisher();
  return { publisher, observed: async () => seenByEdges(publisher.calls) };
});
