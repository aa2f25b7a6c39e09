import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Hold } from '../../domain/hold.entity';
import type { SeatMapPort } from './seat-map.port';
import type { SeatChangeFeedPort } from './seat-change-feed.port';

export interface SeatMapFixture {
  seatMap: SeatMapPort;
  feed: SeatChangeFeedPort;
}

const MINUTE = 60_000;

/** The behaviour every SeatMapPort (with its change feed) must have; each adapter's test runs it against the real store. */
export function describeSeatMapContract(name: string, make: () => Promise<SeatMapFixture>): void {
  describe(`${name}: the SeatMapPort contract`, () => {
    let seatMap: SeatMapPort;
    let feed: SeatChangeFeedPort;
    let eventId: string;
    let seats: string[];
    const now = new Date();
    const later = (ms: number) => new Date(now.getTime() + ms);
    const holdOf = (userId: string, seatIds: string[], ttl = 10 * MINUTE): Hold => ({ id: randomUUID(), eventId, userId, seatIds, expiresAt: later(ttl), extensions: 0, bookingId: null, fromWaitlist: false });
    /** Drains the feed (so each test sees its own changes). */
    const changes = async () => {
      const out = [];
      for (;;) {
        const batch = await feed.claim('contract', 100, 500);
        if (!batch || batch.ids.length === 0) return out;
        out.push(...batch.changes);
        await feed.ack(batch.ids);
      }
    };

    beforeEach(async () => {
      ({ seatMap, feed } = await make());
      eventId = randomUUID();
      seats = Array.from({ length: 6 }, () => randomUUID());
      await seatMap.load(eventId, seats.length, []);
      await changes();
    });

    it('answers unloaded for a map it does not have, until it is loaded from the record', async () => {
      const other = randomUUID();
      expect(await seatMap.hold({ ...holdOf('1', [seats[0]]), eventId: other }, now)).toEqual({ kind: 'unloaded' });
      expect(await seatMap.statuses(other, now)).toEqual({ kind: 'unloaded' });
      await seatMap.load(other, 3, [{ seatId: seats[0], bookingId: randomUUID(), sold: true }]);
      const statuses = await seatMap.statuses(other, now);
      expect(statuses).toMatchObject({ kind: 'ok', available: 2 });
    });

    it('holds every seat or none, naming exactly the seats that are taken', async () => {
      expect(await seatMap.hold(holdOf('1', [seats[0], seats[1]]), now)).toEqual({ kind: 'held', available: 4 });
      expect(await seatMap.hold(holdOf('2', [seats[1], seats[2], seats[0]]), now)).toEqual({ kind: 'taken', seatIds: [seats[1], seats[0]] });
      // seats[2] was not taken by the refused hold.
      expect(await seatMap.hold(holdOf('2', [seats[2]]), now)).toEqual({ kind: 'held', available: 3 });
      const feedChanges = await changes();
      expect(feedChanges.map((change) => change.seats)).toEqual([
        [{ id: seats[0], status: 'held' }, { id: seats[1], status: 'held' }],
        [{ id: seats[2], status: 'held' }],
      ]);
      expect(feedChanges.map((change) => change.available)).toEqual([4, 3]);
    });

    it('finds, extends (at most the cap) and releases a hold; only its holder may', async () => {
      const hold = holdOf('1', [seats[0]]);
      await seatMap.hold(hold, now);
      expect(await seatMap.find(hold.id)).toEqual(hold);
      expect(await seatMap.extend(hold.id, '2', now, MINUTE, 2)).toEqual({ kind: 'not_yours' });
      const extended = await seatMap.extend(hold.id, '1', later(1_000), 20 * MINUTE, 2);
      expect(extended).toMatchObject({ kind: 'extended', hold: { extensions: 1, expiresAt: later(1_000 + 20 * MINUTE) } });
      await seatMap.extend(hold.id, '1', now, MINUTE, 2);
      expect(await seatMap.extend(hold.id, '1', now, MINUTE, 2)).toEqual({ kind: 'cap' });
      expect(await seatMap.release(hold.id, '2', now)).toBe('not_yours');
      expect(await seatMap.release(hold.id, '1', now)).toBe('released');
      expect(await seatMap.release(hold.id, '1', now)).toBe('missing');
      expect(await seatMap.find(hold.id)).toBeNull();
      expect(await seatMap.hold(holdOf('2', [seats[0]]), now)).toMatchObject({ kind: 'held' });
    });

    it('lets an expired hold go at once and the sweeper free it with a change', async () => {
      const hold = holdOf('1', [seats[0], seats[1]], 1_000);
      await seatMap.hold(hold, now);
      expect(await seatMap.statuses(eventId, later(500))).toMatchObject({ available: 4 });
      expect(await seatMap.statuses(eventId, later(2_000))).toMatchObject({ available: 6 });
      expect(await seatMap.extend(hold.id, '1', later(2_000), MINUTE, 3)).toEqual({ kind: 'missing' });
      await changes();
      expect(await seatMap.sweep(later(2_000), 100)).toEqual({ released: 1, recheck: [] });
      const feedChanges = await changes();
      expect(feedChanges).toEqual([expect.objectContaining({ eventId, available: 6, seats: [{ id: seats[0], status: 'free' }, { id: seats[1], status: 'free' }] })]);
      // An expired hold not yet swept does not stand in the way of a new one.
      const stale = holdOf('1', [seats[2]], 1_000);
      await seatMap.hold(stale, now);
      expect(await seatMap.hold(holdOf('2', [seats[2]]), later(2_000))).toMatchObject({ kind: 'held' });
      expect(await seatMap.find(stale.id)).toBeNull();
    });

    it('does not expire a hold queued for a booking, and unqueue lets it expire again', async () => {
      const hold = holdOf('1', [seats[0]], 1_000);
      await seatMap.hold(hold, now);
      const bookingId = randomUUID();
      expect(await seatMap.queue(hold.id, '2', bookingId, now, MINUTE)).toEqual({ kind: 'not_yours' });
      expect(await seatMap.queue(hold.id, '1', bookingId, now, MINUTE)).toMatchObject({ kind: 'queued', hold: { bookingId } });
      expect(await seatMap.queue(hold.id, '1', randomUUID(), now, MINUTE)).toEqual({ kind: 'already', bookingId });
      expect(await seatMap.release(hold.id, '1', now)).toBe('queued');
      expect(await seatMap.sweep(later(5_000), 100)).toEqual({ released: 0, recheck: [] });
      expect(await seatMap.hold(holdOf('2', [seats[0]]), later(5_000))).toMatchObject({ kind: 'taken' });
      expect(await seatMap.sweep(later(2 * MINUTE), 100)).toEqual({ released: 0, recheck: [{ holdId: hold.id, bookingId }] });
      await seatMap.unqueue(hold.id, bookingId);
      expect(await seatMap.sweep(later(3 * MINUTE), 100)).toEqual({ released: 1, recheck: [] });
    });

    it('applies booked, sold and free effects from the record, and refuses to free seats another booking has', async () => {
      const hold = holdOf('1', [seats[0], seats[1]]);
      await seatMap.hold(hold, now);
      const bookingId = randomUUID();
      await changes();
      await seatMap.apply({ eventId, holdId: hold.id, bookingId, to: 'booked', seatIds: hold.seatIds });
      expect(await seatMap.find(hold.id)).toBeNull();
      expect(await changes()).toEqual([]);
      await seatMap.apply({ eventId, holdId: null, bookingId, to: 'sold', seatIds: hold.seatIds });
      expect(await changes()).toEqual([expect.objectContaining({ seats: [{ id: seats[0], status: 'sold' }, { id: seats[1], status: 'sold' }], available: 4 })]);
      await seatMap.apply({ eventId, holdId: null, bookingId: randomUUID(), to: 'free', seatIds: hold.seatIds });
      expect(await seatMap.statuses(eventId, now)).toMatchObject({ available: 4 });
      await seatMap.apply({ eventId, holdId: hold.id, bookingId, to: 'free', seatIds: hold.seatIds });
      expect(await seatMap.statuses(eventId, now)).toMatchObject({ available: 6 });
    });

    it('keeps seats that come free for the waiting list: only an offer may take them', async () => {
      const hold = holdOf('1', [seats[0]]);
      await seatMap.hold(hold, now);
      await seatMap.keepForWaitlist(eventId, true);
      await seatMap.release(hold.id, '1', now);
      const kept = await seatMap.statuses(eventId, now);
      expect(kept).toMatchObject({ available: 5, kept: [seats[0]] });
      expect(await seatMap.hold(holdOf('2', [seats[0]]), now)).toMatchObject({ kind: 'taken' });
      expect(await seatMap.hold(holdOf('3', [seats[0]]), now, true)).toMatchObject({ kind: 'held' });
      const another = holdOf('2', [seats[1]]);
      await seatMap.hold(another, now);
      await seatMap.release(another.id, '2', now);
      await seatMap.keepForWaitlist(eventId, false);
      expect(await seatMap.statuses(eventId, now)).toMatchObject({ available: 5, kept: [] });
    });

    it('gives the feed to one relay at a time, until its lease lapses', async () => {
      await seatMap.hold(holdOf('1', [seats[0]]), now);
      await sleep(150);
      expect(await feed.claim('relay-a', 200, 10)).not.toBeNull();
      expect(await feed.claim('relay-b', 200, 10)).toBeNull();
      await sleep(300);
      expect(await feed.claim('relay-b', 200, 10)).not.toBeNull();
      await sleep(300);
    });
  });
}
