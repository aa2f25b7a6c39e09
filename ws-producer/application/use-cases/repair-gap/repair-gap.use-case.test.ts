import { createInMemoryEdgeContainer, type InMemoryEdge } from '../../../adapters/outbound/memory/in-memory-edge.container';
import { RecordingSession } from '../../../adapters/outbound/memory/recording.session';
import { JoinRoomUseCase } from '../join-room/join-room.use-case';
import { LeaveRoomUseCase } from '../leave-room/leave-room.use-case';
import { GAP_WAIT_MS } from './repair-gap.use-case';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RepairGapUseCase (a lost or late delivery)', () => {
  let edge: InMemoryEdge;
  let alice: RecordingSession;
  beforeEach(async () => {
    edge = createInMemoryEdgeContainer();
    edge.core.addRoom('general', 'private', ['1']);
    alice = new RecordingSession('s1');
    alice.principal = edge.verifier.issue('1');
    await edge.container.resolve(JoinRoomUseCase).run(alice, { room: 'general' }, () => undefined);
  });

  it('a delivery that never arrives is read from the store after the wait, and the held ones follow in order', async () => {
    const [m1, , m3, m4] = [1, 2, 3, 4].map(() => edge.core.store('general', '1'));
    edge.feed.toRoom('general', [m1, m3, m4]); // 2 was lost
    expect(alice.seqs()).toEqual([1]);
    await wait(GAP_WAIT_MS / 2);
    expect(edge.core.calls.filter((c) => c === 'history')).toEqual([]); // a late one gets its chance first
    await wait(GAP_WAIT_MS);
    expect(alice.seqs()).toEqual([1, 2, 3, 4]);
  });

  it('a late delivery within the wait needs no repair', async () => {
    const [m1, m2, m3] = [1, 2, 3].map(() => edge.core.store('general', '1'));
    edge.feed.toRoom('general', [m1, m3]);
    edge.feed.toRoom('general', [m2]);
    await wait(GAP_WAIT_MS * 2);
    expect(alice.seqs()).toEqual([1, 2, 3]);
    expect(edge.core.calls.filter((c) => c === 'history')).toEqual([]);
  });

  it('a failed read is retried while the gap lasts', async () => {
    const [m1, , m3] = [1, 2, 3].map(() => edge.core.store('general', '1'));
    edge.core.unavailable = true;
    edge.feed.toRoom('general', [m1, m3]);
    await wait(GAP_WAIT_MS * 2.5);
    expect(alice.seqs()).toEqual([1]);
    edge.core.unavailable = false;
    await wait(GAP_WAIT_MS * 2);
    expect(alice.seqs()).toEqual([1, 2, 3]);
  });

  it('reads as a member of the room (private rooms refuse anonymous reads), and not at all once the room is left', async () => {
    const [m1, , m3] = [1, 2, 3].map(() => edge.core.store('general', '1'));
    edge.feed.toRoom('general', [m1, m3]);
    edge.container.resolve(LeaveRoomUseCase).run(alice, 'general');
    await wait(GAP_WAIT_MS * 2);
    expect(edge.core.calls.filter((c) => c === 'history')).toEqual([]);
  });
});
