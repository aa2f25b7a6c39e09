import type { JoinAnswer } from '#contracts/chat/core-api';
import { createInMemoryEdgeContainer, type InMemoryEdge } from '../../../adapters/outbound/memory/in-memory-edge.container';
import { RecordingSession } from '../../../adapters/outbound/memory/recording.session';
import { LocalSessions } from '../../local-sessions';
import { JoinRoomUseCase } from './join-room.use-case';

describe('JoinRoomUseCase (join and recovery at the edge)', () => {
  let edge: InMemoryEdge;
  let join: JoinRoomUseCase;
  let n = 0;
  const session = (userId: string | null = '1') => {
    const s = new RecordingSession(`s${++n}`);
    if (userId !== null) s.principal = edge.verifier.issue(userId);
    edge.container.resolve(LocalSessions).opened(s);
    return s;
  };
  /** Joins and writes the answer to the session, as the frame handler does. */
  const joined = (s: RecordingSession, room: string, since_seq?: number) => join.run(s, { room, since_seq }, (answer) => s.reply('j', answer));
  const answerOf = (s: RecordingSession) => s.frames.find((f) => f.type === 'ok')?.payload as JoinAnswer | undefined;

  beforeEach(() => {
    edge = createInMemoryEdgeContainer({ recoveryMax: 3 });
    edge.core.addRoom('general', 'public');
    edge.core.addRoom('secret', 'private', ['1']);
    join = edge.container.resolve(JoinRoomUseCase);
  });

  it('follows the room before it asks the core for the last seq, then writes live messages after the answer', async () => {
    const ask = edge.core.join.bind(edge.core);
    const followedFirst: boolean[] = [];
    edge.core.join = async (request) => (followedFirst.push(edge.feed.follows(request.room)), ask(request));
    edge.core.store('general', '2');
    const alice = session();
    await joined(alice, 'general');
    expect(followedFirst).toEqual([true]);
    expect(answerOf(alice)).toMatchObject({ room: 'general', last_seq: 1, recovered: true, missed: [] });
    edge.feed.toRoom('general', [edge.core.store('general', '2')]);
    expect(alice.seqs()).toEqual([2]);
    expect(alice.rooms.has('general')).toBe(true);
  });

  it('messages that arrive while the join is answered wait for the answer; those it already counts are not written again', async () => {
    const alice = session();
    const m1 = edge.core.store('general', '2');
    let release!: () => void;
    const ask = edge.core.join.bind(edge.core);
    edge.core.join = async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return ask(request);
    };
    const joining = joined(alice, 'general');
    await new Promise((resolve) => setImmediate(resolve));
    const m2 = edge.core.store('general', '2');
    edge.feed.toRoom('general', [m1, m2]); // both arrive live before the core answers (last_seq 2)
    expect(alice.frames).toEqual([]);
    release();
    await joining;
    const m3 = edge.core.store('general', '2');
    edge.feed.toRoom('general', [m3]);
    expect(alice.frames.map((f) => f.type)).toEqual(['ok', 'message:new']);
    expect(answerOf(alice)?.last_seq).toBe(2);
    expect(alice.seqs()).toEqual([3]);
  });

  it('with since_seq, the answer carries every missed message in order; beyond the recovery maximum, none and recovered:false', async () => {
    for (let i = 0; i < 5; i++) edge.core.store('general', '2');
    const back = session();
    await joined(back, 'general', 3);
    expect(answerOf(back)).toMatchObject({ last_seq: 5, recovered: true });
    expect(answerOf(back)?.missed.map((m) => m.seq)).toEqual([4, 5]);
    const away = session();
    await joined(away, 'general', 1); // 4 missing, recoveryMax 3
    expect(answerOf(away)).toMatchObject({ last_seq: 5, recovered: false, missed: [] });
  });

  it('a refused join leaves nothing behind: no membership, the room not followed, later messages not written', async () => {
    const bob = session('2');
    await expect(joined(bob, 'secret')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(bob.rooms.has('secret')).toBe(false);
    expect(edge.feed.follows('secret')).toBe(false);
    edge.feed.toRoom('secret', [edge.core.store('secret', '1')]);
    expect(bob.frames).toEqual([]);
  });

  it('guests join public rooms but not private ones', async () => {
    await expect(joined(session(null), 'general')).resolves.toBeUndefined();
    await expect(joined(session(null), 'secret')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a join again (recovery after a gap) restarts from since_seq without a duplicate, and keeps presence', async () => {
    const alice = session();
    await joined(alice, 'general');
    edge.feed.toRoom('general', [edge.core.store('general', '2'), edge.core.store('general', '2')]);
    expect(alice.seqs()).toEqual([1, 2]);
    await joined(alice, 'general', 1);
    edge.feed.toRoom('general', [edge.core.store('general', '2')]);
    expect(alice.seqs()).toEqual([1, 2, 3]);
    expect(edge.core.leaves).toEqual([]);
  });

  it('a session that closes while its join is answered is not left in the room', async () => {
    const alice = session();
    const ask = edge.core.join.bind(edge.core);
    edge.core.join = async (request) => {
      alice.end('going_away', 'bye');
      return ask(request);
    };
    await expect(joined(alice, 'general')).rejects.toThrow(/during join/);
    expect(edge.feed.follows('general')).toBe(false);
  });
});
