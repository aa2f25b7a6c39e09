import { afterEach, describe, expect, it } from '@jest/globals';
import { uniqueId } from '../../../../test/support/test-run';
import type { PresenceEntry, PresenceTrackerPort } from './presence-tracker.port';

export interface PresenceFixture {
  presence: PresenceTrackerPort;
  /** Lets `ms` pass in the adapter's time (sleeps for Redis, moves the clock for the fake). */
  elapse(ms: number): Promise<void>;
  cleanup?: () => Promise<void>;
}

// Short enough for a real-time adapter to wait out in a test, long enough that a few round
// trips to a local server fit comfortably inside it.
const LEASE_MS = 600;
// Long enough never to run out during a test.
const LONG_LEASE_MS = 60_000;

/** The behaviour every PresenceTrackerPort adapter must share; `make` builds one with the given lease. */
export function describePresenceTrackerContract(name: string, make: (options: { leaseMs: number }) => Promise<PresenceFixture>): void {
  describe(`PresenceTrackerPort contract: ${name}`, () => {
    let fixture: PresenceFixture | undefined;

    async function presenceWith(leaseMs = LONG_LEASE_MS): Promise<PresenceFixture> {
      fixture = await make({ leaseMs });
      return fixture;
    }

    afterEach(async () => {
      await fixture?.cleanup?.();
      fixture = undefined;
    });

    // Fresh names per test: adapters sharing a server must not see each other's rooms.
    const aRoom = () => `room-${uniqueId(6)}`;
    const at = (room: string, userId: string, connectionId: string): PresenceEntry => ({ room, userId, connectionId });

    it('reports a user’s first connection joining, not their further ones', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      expect(await presence.join(at(room, '7', 'c1'))).toBe(true);
      expect(await presence.join(at(room, '7', 'c2'))).toBe(false);
      expect(await presence.join(at(room, '8', 'c3'))).toBe(true);
      expect(await presence.list(room)).toEqual(['7', '8']);
    });

    it('treats a connection joining again as no change', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      expect(await presence.join(at(room, '7', 'c1'))).toBe(true);
      expect(await presence.join(at(room, '7', 'c1'))).toBe(false);
      expect(await presence.leave(at(room, '7', 'c1'))).toBe(true);
      expect(await presence.list(room)).toEqual([]);
    });

    it('reports a user’s last connection leaving, not the earlier ones', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      await presence.join(at(room, '7', 'c1'));
      await presence.join(at(room, '7', 'c2'));
      await presence.join(at(room, '8', 'c3'));
      expect(await presence.leave(at(room, '7', 'c1'))).toBe(false);
      expect(await presence.list(room)).toEqual(['7', '8']);
      expect(await presence.leave(at(room, '7', 'c2'))).toBe(true);
      expect(await presence.list(room)).toEqual(['8']);
    });

    it('answers false for a connection that is not present', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      expect(await presence.leave(at(room, '7', 'c1'))).toBe(false);
      await presence.join(at(room, '7', 'c1'));
      expect(await presence.leave(at(room, '7', 'other'))).toBe(false);
      expect(await presence.leave(at(room, '7', 'c1'))).toBe(true);
      expect(await presence.leave(at(room, '7', 'c1'))).toBe(false);
    });

    it('lists each present user once, in ascending numeric order', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      for (const [userId, connectionId] of [['100', 'a'], ['9', 'b'], ['10', 'c'], ['9', 'd'], ['2', 'e']]) await presence.join(at(room, userId, connectionId));
      expect(await presence.list(room)).toEqual(['2', '9', '10', '100']);
      expect(await presence.list(aRoom())).toEqual([]);
    });

    it('never confuses users whose ids share a prefix', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      expect(await presence.join(at(room, '12', 'a'))).toBe(true);
      expect(await presence.join(at(room, '1', 'b'))).toBe(true);
      expect(await presence.join(at(room, '123', 'c'))).toBe(true);
      expect(await presence.leave(at(room, '1', 'b'))).toBe(true);
      expect(await presence.list(room)).toEqual(['12', '123']);
    });

    it('allows any characters in connection ids', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      expect(await presence.join(at(room, '7', 'edge-1|sock:9'))).toBe(true);
      expect(await presence.join(at(room, '7', 'edge-1|sock:10'))).toBe(false);
      expect(await presence.list(room)).toEqual(['7']);
      expect(await presence.leave(at(room, '7', 'edge-1|sock:9'))).toBe(false);
      expect(await presence.leave(at(room, '7', 'edge-1|sock:10'))).toBe(true);
    });

    it('keeps rooms apart', async () => {
      const { presence } = await presenceWith();
      const [one, two] = [aRoom(), aRoom()];
      expect(await presence.join(at(one, '7', 'c1'))).toBe(true);
      expect(await presence.join(at(two, '7', 'c1'))).toBe(true);
      expect(await presence.leave(at(one, '7', 'c1'))).toBe(true);
      expect(await presence.list(one)).toEqual([]);
      expect(await presence.list(two)).toEqual(['7']);
    });

    it('reports exactly one first join and one last leave when one user’s connections race', async () => {
      const { presence } = await presenceWith();
      const room = aRoom();
      const connections = Array.from({ length: 20 }, (_, i) => at(room, '7', `c${i}`));
      const joins = await Promise.all(connections.map((c) => presence.join(c)));
      expect(joins.filter(Boolean)).toHaveLength(1);
      const leaves = await Promise.all(connections.map((c) => presence.leave(c)));
      expect(leaves.filter(Boolean)).toHaveLength(1);
      expect(await presence.list(room)).toEqual([]);
    });

    describe('leases', () => {
      it('drops a connection whose lease ran out', async () => {
        const { presence, elapse } = await presenceWith(LEASE_MS);
        const room = aRoom();
        await presence.join(at(room, '7', 'c1'));
        expect(await presence.list(room)).toEqual(['7']);
        await elapse(LEASE_MS + 200);
        expect(await presence.list(room)).toEqual([]);
        // It was absent: leaving changes nothing, joining again is a first join.
        expect(await presence.leave(at(room, '7', 'c1'))).toBe(false);
        expect(await presence.join(at(room, '7', 'c1'))).toBe(true);
      });

      it('does not count an expired connection as the user still being present', async () => {
        const { presence, elapse } = await presenceWith(LEASE_MS);
        const room = aRoom();
        await presence.join(at(room, '7', 'old'));
        await elapse(LEASE_MS + 200);
        expect(await presence.join(at(room, '7', 'new'))).toBe(true);
        expect(await presence.leave(at(room, '7', 'new'))).toBe(true);
      });

      it('keeps refreshed connections present past their first lease', async () => {
        const { presence, elapse } = await presenceWith(LEASE_MS);
        const room = aRoom();
        const other = aRoom();
        await presence.join(at(room, '7', 'c1'));
        await presence.join(at(room, '8', 'c2'));
        await presence.join(at(other, '7', 'c3'));
        await elapse(LEASE_MS / 2);
        await presence.refresh([at(room, '7', 'c1'), at(other, '7', 'c3')]);
        await elapse(LEASE_MS / 2 + 150);
        // Past the first lease: only the refreshed connections are left, in both rooms.
        expect(await presence.list(room)).toEqual(['7']);
        expect(await presence.list(other)).toEqual(['7']);
        await elapse(LEASE_MS);
        expect(await presence.list(room)).toEqual([]);
        expect(await presence.list(other)).toEqual([]);
      });

      it('never brings back a connection that left or ran out', async () => {
        const { presence, elapse } = await presenceWith(LEASE_MS);
        const room = aRoom();
        await presence.join(at(room, '7', 'left'));
        await presence.leave(at(room, '7', 'left'));
        await presence.join(at(room, '8', 'expired'));
        await elapse(LEASE_MS + 200);
        await presence.refresh([at(room, '7', 'left'), at(room, '8', 'expired'), at(room, '9', 'never-joined')]);
        expect(await presence.list(room)).toEqual([]);
      });

      it('accepts an empty refresh', async () => {
        const { presence } = await presenceWith(LEASE_MS);
        await expect(presence.refresh([])).resolves.toBeUndefined();
      });
    });
  });
}
