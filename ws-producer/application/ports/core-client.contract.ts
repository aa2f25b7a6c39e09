import { randomUUID } from 'node:crypto';
import type { CoreClientPort } from './core-client.port';

export interface CoreClientSubject {
  core: CoreClientPort;
  /** `count` users that exist, new for this test. */
  users(count: number): Promise<string[]>;
  /** A new room created by `creator`, with `members` besides. */
  room(visibility: 'public' | 'private', creator: string, members?: string[]): Promise<string>;
  /** A new event room (`event:<id>`, read-only), made as ticketing's event.created makes it. */
  eventRoom(): Promise<string>;
  /** Stores `count` messages from `sender` in `room`; resolves once the core has them. */
  store(room: string, sender: string, count: number): Promise<void>;
  /** `actor` (a member) removes `userId` from a private room. */
  removeMember(room: string, actor: string, userId: string): Promise<void>;
}

const join = (core: CoreClientPort, room: string, userId: string | null, sinceSeq?: number, recoveryMax = 500) => core.join({ room, userId, connectionId: `conn-${userId}`, sinceSeq, recoveryMax });
const refusal = (work: Promise<unknown>) => work.then(() => 'granted', (error: { kind?: string }) => error.kind ?? String(error));

/** What the messaging core answers the edge (NATS request/reply in production, a fake in the edge's unit tests). */
export function describeCoreClientContract(name: string, makeSubject: () => Promise<CoreClientSubject>): void {
  describe(`CoreClientPort contract: ${name}`, () => {
    it("join answers the room's last seq and, with since_seq, every message after it in order; beyond recoveryMax, none and recovered:false", async () => {
      const s = await makeSubject();
      const [alice] = await s.users(1);
      const room = await s.room('public', alice);
      expect(await join(s.core, room, alice)).toEqual({ room, last_seq: 0, recovered: true, missed: [] });
      await s.store(room, alice, 3);
      const recovered = await join(s.core, room, alice, 1);
      expect(recovered).toMatchObject({ room, last_seq: 3, recovered: true });
      expect(recovered.missed.map((m) => [m.seq, m.room, m.sender_id])).toEqual([
        [2, room, alice],
        [3, room, alice],
      ]);
      expect(await join(s.core, room, alice, 3)).toMatchObject({ last_seq: 3, recovered: true, missed: [] });
      expect(await join(s.core, room, alice, 0, 2)).toMatchObject({ last_seq: 3, recovered: false, missed: [] });
    });

    it('join is refused as the room rules say: private rooms to non-members and guests, unknown rooms are not_found', async () => {
      const s = await makeSubject();
      const [alice, bob] = await s.users(2);
      const [open, closed] = [await s.room('public', alice), await s.room('private', alice)];
      expect(await refusal(join(s.core, closed, bob))).toBe('forbidden');
      expect(await refusal(join(s.core, closed, null))).toBe('forbidden');
      expect(await refusal(join(s.core, closed, alice))).toBe('granted');
      expect(await refusal(join(s.core, open, null))).toBe('granted');
      expect(await refusal(join(s.core, `nope-${Date.now()}`, alice))).toBe('not_found');
      expect(await refusal(join(s.core, await s.eventRoom(), null))).toBe('granted');
    });

    it('an event room exists only once ticketing created the event: any other event:<id> is not_found, to join and to post', async () => {
      const s = await makeSubject();
      const [alice] = await s.users(1);
      const unknown = `event:${randomUUID()}`;
      expect(await refusal(join(s.core, unknown, alice))).toBe('not_found');
      expect(await refusal(join(s.core, unknown, null))).toBe('not_found');
      expect(await refusal(s.core.authorize(unknown, alice))).toBe('not_found');
    });

    it('history answers exactly the messages with after < seq <= upTo, oldest first, to readers only', async () => {
      const s = await makeSubject();
      const [alice, bob] = await s.users(2);
      const room = await s.room('private', alice);
      await s.store(room, alice, 5);
      const messages = await s.core.history({ room, userId: alice, afterSeq: 1, upToSeq: 4 });
      expect(messages.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(await refusal(s.core.history({ room, userId: bob, afterSeq: 0, upToSeq: 5 }))).toBe('forbidden');
    });

    it('authorize admits writers only: public rooms anyone, private and dm: rooms their members, event rooms nobody', async () => {
      const s = await makeSubject();
      const [alice, bob, carol] = await s.users(3);
      const [open, closed] = [await s.room('public', alice), await s.room('private', alice, [bob])];
      const [low, high] = [alice, bob].sort((a, b) => Number(a) - Number(b));
      const dm = `dm:${low}:${high}`;
      expect(await refusal(s.core.authorize(open, carol))).toBe('granted');
      expect(await refusal(s.core.authorize(closed, bob))).toBe('granted');
      expect(await refusal(s.core.authorize(closed, carol))).toBe('forbidden');
      expect(await refusal(s.core.authorize(dm, alice))).toBe('granted');
      expect(await refusal(s.core.authorize(dm, carol))).not.toBe('granted');
      expect(await refusal(s.core.authorize(await s.eventRoom(), alice))).toBe('forbidden');
      expect(await refusal(s.core.authorize(`nope-${Date.now()}`, alice))).toBe('not_found');
    });

    it('a removed member is refused once the edge forgets its cached authorisation', async () => {
      const s = await makeSubject();
      const [alice, bob] = await s.users(2);
      const room = await s.room('private', alice, [bob]);
      await s.core.authorize(room, bob);
      await s.removeMember(room, alice, bob);
      s.core.forgetAuthorization(room, bob);
      expect(await refusal(s.core.authorize(room, bob))).toBe('forbidden');
    });

    it('markRead stores a marker capped at the last seq that never moves backwards', async () => {
      const s = await makeSubject();
      const [alice] = await s.users(1);
      const room = await s.room('public', alice);
      await s.store(room, alice, 2);
      expect(await s.core.markRead({ room, userId: alice, seq: 1 })).toEqual({ room, seq: 1 });
      expect(await s.core.markRead({ room, userId: alice, seq: 99 })).toEqual({ room, seq: 2 });
      expect(await s.core.markRead({ room, userId: alice, seq: 1 })).toEqual({ room, seq: 2 });
    });
  });
}
