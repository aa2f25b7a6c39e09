import { connect, type NatsConnection } from '@nats-io/transport-node';
import { chatNames } from '#contracts/chat/chat-subjects';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { record, type Recorder } from '../../../../../test/support/nats';
import { uniqueId } from '../../../../../test/support/test-run';
import { describeFramePublisherContract, type SeenByEdges } from '../../../application/ports/frame-publisher.contract';
import { NatsFramePublisher } from './nats-frame.publisher';

let infra: TestInfra;
/** The observer's own connection, as an edge has its own. */
let edge: NatsConnection;

beforeAll(async () => {
  infra = await connectTestInfra();
  edge = await connect({ servers: process.env.NATS_URL });
});
afterAll(async () => {
  await edge?.close();
  await infra?.close();
});

/** A publisher under a fresh prefix and a recorder of every delivery subject under it, as the edges subscribe by interest. */
async function observeEdges(): Promise<{ names: ReturnType<typeof chatNames>; publisher: NatsFramePublisher; recorder: Recorder }> {
  const names = chatNames(`${infra.prefix}${uniqueId(3)}_`);
  const recorder = await record(edge, [names.deliverUser('*'), names.deliverRoom('*')]);
  return { names, publisher: new NatsFramePublisher(infra.nc, names), recorder };
}

describeFramePublisherContract('NatsFramePublisher (real NATS)', async () => {
  const { names, publisher, recorder } = await observeEdges();
  const [userPrefix, roomPrefix] = [names.deliverUser(''), names.deliverRoom('')];
  return {
    publisher,
    observed: async () => {
      await recorder.settle(infra.nc);
      const seen: SeenByEdges = { users: {}, rooms: {} };
      for (const msg of recorder.received) {
        const frames = msg.subject.startsWith(userPrefix) ? (seen.users[msg.subject.slice(userPrefix.length)] ??= []) : (seen.rooms[msg.subject.slice(roomPrefix.length)] ??= []);
        frames.push(msg.json());
      }
      return seen;
    },
    cleanup: async () => recorder.stop(),
  };
});

describe('NatsFramePublisher wire format (real NATS)', () => {
  it('sends each frame alone as plain JSON on deliver.user.<id> / deliver.room.<room>, without Rt-Seq or any header: an edge writes it as an event frame', async () => {
    const { names, publisher, recorder } = await observeEdges();
    try {
      publisher.publish({ target: { user: '7' }, type: 'payment:success', payload: { booking_id: 'b' } });
      publisher.publish({ target: { room: 'event:e' }, type: 'ticket:availability', payload: { available: 1 } });
      await recorder.settle(infra.nc);
      expect(recorder.received.map((msg) => [msg.subject, msg.headers, msg.string()])).toEqual([
        [names.deliverUser('7'), undefined, '{"type":"payment:success","payload":{"booking_id":"b"}}'],
        [names.deliverRoom('event:e'), undefined, '{"type":"ticket:availability","payload":{"available":1}}'],
      ]);
    } finally {
      recorder.stop();
    }
  });
});
