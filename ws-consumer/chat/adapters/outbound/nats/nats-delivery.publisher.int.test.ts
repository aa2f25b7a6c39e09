import { connect, type NatsConnection } from '@nats-io/transport-node';
import { chatNames, ROOM_HEADER, SEQ_HEADER } from '#contracts/chat/chat-subjects';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { PACK_MAX_BYTES } from '#contracts/chat/delivery-pack';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { uniqueId } from '../../../../../test/support/test-run';
import { record } from '../../../../../test/support/nats';
import { describeDeliveryPublisherContract, storedMessage, type DeliveryPublisherSubject, type SeenByEdges, type SeenFrame } from '../../../application/ports/delivery-publisher.contract';
import { toMessageView } from '../../../application/message-view';
import { NatsDeliveryPublisher } from './nats-delivery.publisher';

let infra: TestInfra;
/** The observer's own connection, as an edge has its own: nothing rides on the publisher's echo. */
let edge: NatsConnection;

beforeAll(async () => {
  infra = await connectTestInfra();
  edge = await connect({ servers: process.env.NATS_URL });
});
afterAll(async () => {
  await edge?.close();
  await infra?.close();
});

/** One core-NATS message as it reached the edge connection. */
interface RawDelivery {
  subject: string;
  /** Rt-Seq and Rt-Room, when present. */
  seqs?: string;
  room?: string;
  data: Uint8Array;
}

interface Observer extends DeliveryPublisherSubject {
  names: ReturnType<typeof chatNames>;
  /** Every message that reached the edge connection, in arrival order (after all sent so far arrived). */
  raw(): Promise<RawDelivery[]>;
}

/** The frames of one delivery, read by the wire format: frames joined by "\n", their seqs comma-separated in Rt-Seq. */
function framesOf(delivery: RawDelivery): SeenFrame[] {
  const text = Buffer.from(delivery.data).toString('utf8');
  if (!delivery.seqs) return [{ frame: JSON.parse(text) }];
  const seqs = delivery.seqs.split(',').map(Number);
  const frames = text.split('\n');
  if (frames.length !== seqs.length) throw new Error(`${delivery.subject}: ${frames.length} frames but Rt-Seq ${delivery.seqs}`);
  return frames.map((frame, i) => ({ seq: seqs[i], frame: JSON.parse(frame) }));
}

/**
 * A NatsDeliveryPublisher on the test connection, and an observer that subscribes (on its own
 * connection) to every delivery subject under a fresh prefix, as the edges do by interest:
 * `deliver.room.*`, `deliver.user.*` and `edge.control`.
 */
async function observeEdges(): Promise<Observer> {
  const prefix = `${infra.prefix}${uniqueId(3)}_`;
  const names = chatNames(prefix);
  const recorder = await record(edge, [names.deliverRoom('*'), names.deliverUser('*'), names.edgeControl]);
  const arrived = async (): Promise<RawDelivery[]> => {
    await recorder.settle(infra.nc);
    return recorder.received.map((msg) => ({ subject: msg.subject, seqs: msg.headers?.get(SEQ_HEADER) || undefined, room: msg.headers?.get(ROOM_HEADER) || undefined, data: msg.data }));
  };
  const roomPrefix = names.deliverRoom('');
  const userPrefix = names.deliverUser('');
  return {
    names,
    publisher: new NatsDeliveryPublisher(infra.nc, names),
    raw: arrived,
    observed: async () => {
      const seen: SeenByEdges = { rooms: {}, users: {}, control: [] };
      for (const delivery of await arrived()) {
        if (delivery.subject === names.edgeControl) seen.control.push(JSON.parse(Buffer.from(delivery.data).toString('utf8')));
        else if (delivery.subject.startsWith(roomPrefix)) (seen.rooms[delivery.subject.slice(roomPrefix.length)] ??= []).push(...framesOf(delivery));
        else if (delivery.subject.startsWith(userPrefix)) {
          // An edge needs the room of a user delivery (Rt-Room) to order and de-duplicate it.
          if (!delivery.room) throw new Error(`${delivery.subject}: a user delivery without ${ROOM_HEADER}`);
          const room = delivery.room;
          (seen.users[delivery.subject.slice(userPrefix.length)] ??= []).push(...framesOf(delivery).map((f) => ({ room, ...f })));
        }
      }
      return seen;
    },
    cleanup: async () => recorder.stop(),
  };
}

describeDeliveryPublisherContract('NatsDeliveryPublisher (real NATS)', observeEdges);

describe('NatsDeliveryPublisher wire format (real NATS)', () => {
  let observer: Observer;
  beforeEach(async () => {
    observer = await observeEdges();
  });
  afterEach(async () => {
    await observer.cleanup?.();
  });

  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('sends a room’s messages of one call as one pack on deliver.room.<room>: frames joined by "\\n", seqs in Rt-Seq, the room in Rt-Room', async () => {
    const messages = [3, 4, 5].map((seq) => storedMessage('general', seq));
    await observer.publisher.messages(messages);
    const raw = await observer.raw();
    expect(raw).toHaveLength(1);
    expect(raw[0].subject).toBe(observer.names.deliverRoom('general'));
    expect([raw[0].seqs, raw[0].room]).toEqual(['3,4,5', 'general']);
    expect(Buffer.from(raw[0].data)).toEqual(bytes(messages.map((m) => messageNewFrame(toMessageView(m))).join('\n')));
  });

  it('sends a direct room’s pack unchanged to deliver.user.<id> of both users', async () => {
    const messages = [1, 2].map((seq) => storedMessage('dm:2:10', seq));
    await observer.publisher.messages(messages);
    const raw = await observer.raw();
    expect(raw.map((d) => d.subject).sort()).toEqual([observer.names.deliverRoom('dm:2:10'), observer.names.deliverUser('10'), observer.names.deliverUser('2')].sort());
    for (const delivery of raw) {
      expect([delivery.seqs, delivery.room]).toEqual(['1,2', 'dm:2:10']);
      expect(Buffer.from(delivery.data)).toEqual(Buffer.from(raw[0].data));
    }
  });

  it('splits a room’s batch into packs of at most PACK_MAX_BYTES, in seq order', async () => {
    const messages = Array.from({ length: 120 }, (_, i) => storedMessage('busy', i + 1, { body: '€'.repeat(4000) }));
    await observer.publisher.messages(messages);
    const raw = await observer.raw();
    expect(raw.length).toBeGreaterThan(1);
    for (const delivery of raw) expect(delivery.data.length).toBeLessThanOrEqual(PACK_MAX_BYTES);
    expect(raw.flatMap((d) => (d.seqs ?? '').split(',').map(Number))).toEqual(messages.map((m) => m.seq));
  });

  it('sends unsequenced frames and control messages as plain JSON without the delivery headers', async () => {
    await observer.publisher.toRoom('general', 'room:presence', { room: 'general', user_id: '7', action: 'leave' });
    await observer.publisher.roomRemoved('secret', '7');
    const raw = await observer.raw();
    expect(raw.map((d) => [d.subject, d.seqs, d.room])).toEqual([
      [observer.names.deliverRoom('general'), undefined, undefined],
      [observer.names.edgeControl, undefined, undefined],
    ]);
    expect(JSON.parse(Buffer.from(raw[0].data).toString())).toEqual({ type: 'room:presence', payload: { room: 'general', user_id: '7', action: 'leave' } });
  });
});
