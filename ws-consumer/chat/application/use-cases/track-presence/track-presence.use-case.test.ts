import { PRESENCE_TRACKER } from '../../../tokens';
import type { PresenceEntry } from '../../ports/presence-tracker.port';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { InMemoryPresenceTracker } from '../../../adapters/outbound/memory/in-memory-presence.tracker';
import { JoinRoomUseCase } from '../join-room/join-room.use-case';
import { TrackPresenceUseCase } from './track-presence.use-case';

const LEASE_MS = 90_000;

describe('TrackPresenceUseCase', () => {
  let core: InMemoryChat;
  let presence: InMemoryPresenceTracker;
  let now: number;
  let trackPresence: TrackPresenceUseCase;

  const at = (room: string, userId: string, connectionId: string): PresenceEntry => ({ room, userId, connectionId });
  const announcedLeave = (room: string, userId: string) => ({ room, type: 'room:presence', payload: { room, user_id: userId, action: 'leave' } });
  const leaves = () => core.delivery.roomFrames.filter((f) => (f.payload as { action?: string }).action === 'leave');

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    // Presence on a manual clock, so a test can let leases run out (it replaces core.presence).
    now = Date.parse('2026-01-01T00:00:00Z');
    presence = new InMemoryPresenceTracker({ leaseMs: LEASE_MS, now: () => now });
    core.container.register(PRESENCE_TRACKER, { useValue: presence });
    trackPresence = core.container.resolve(TrackPresenceUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'other', visibility: 'public', createdBy: '1' }, []);
  });

  describe('leave', () => {
    it('announces room:presence leave when a user’s only connection leaves, and forgets it', async () => {
      await presence.join(at('lobby', '2', 'a'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      expect(core.delivery.roomFrames).toEqual([announcedLeave('lobby', '2')]);
      expect(await presence.list('lobby')).toEqual([]);
    });

    it('announces nothing while the user has another connection in the room, and the leave when the last one goes', async () => {
      await presence.join(at('lobby', '2', 'a'));
      await presence.join(at('lobby', '2', 'b'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      expect(core.delivery.calls).toEqual([]);
      expect(await presence.list('lobby')).toEqual(['2']);
      await trackPresence.leave(at('lobby', '2', 'b'));
      expect(core.delivery.roomFrames).toEqual([announcedLeave('lobby', '2')]);
    });

    it('counts only the user’s own connections in that room', async () => {
      await presence.join(at('lobby', '2', 'a'));
      await presence.join(at('lobby', '3', 'b'));
      await presence.join(at('other', '2', 'c'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      expect(core.delivery.roomFrames).toEqual([announcedLeave('lobby', '2')]);
      expect(await presence.list('lobby')).toEqual(['3']);
      expect(await presence.list('other')).toEqual(['2']);
    });

    it('announces nothing for a connection that is not present, nor for leaving twice', async () => {
      await trackPresence.leave(at('lobby', '2', 'never-joined'));
      await presence.join(at('lobby', '2', 'a'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      expect(core.delivery.roomFrames).toEqual([announcedLeave('lobby', '2')]);
    });

    it('pairs with the join: one join and one leave announced for a user however many connections they use', async () => {
      const joinRoom = core.container.resolve(JoinRoomUseCase);
      for (const connectionId of ['a', 'b', 'c']) await joinRoom.run({ room: 'lobby', userId: '2', connectionId, recoveryMax: 500 });
      for (const connectionId of ['b', 'a', 'c']) await trackPresence.leave(at('lobby', '2', connectionId));
      expect(core.delivery.roomFrames.map((f) => f.payload)).toEqual([
        { room: 'lobby', user_id: '2', action: 'join' },
        { room: 'lobby', user_id: '2', action: 'leave' },
      ]);
    });
  });

  describe('refresh', () => {
    it('keeps refreshed connections present past their first lease, in every room, and lets the others run out', async () => {
      await presence.join(at('lobby', '2', 'a'));
      await presence.join(at('other', '2', 'a'));
      await presence.join(at('lobby', '3', 'b'));
      now += LEASE_MS / 2;
      await trackPresence.refresh([at('lobby', '2', 'a'), at('other', '2', 'a')]);
      now += LEASE_MS / 2 + 1_000;
      expect(await presence.list('lobby')).toEqual(['2']);
      expect(await presence.list('other')).toEqual(['2']);
      // Refreshed again, it stays; left alone, it runs out too.
      await trackPresence.refresh([at('lobby', '2', 'a')]);
      now += LEASE_MS - 1_000;
      expect(await presence.list('lobby')).toEqual(['2']);
      expect(await presence.list('other')).toEqual([]);
    });

    it('announces nothing and brings back no connection that left', async () => {
      await presence.join(at('lobby', '2', 'a'));
      await trackPresence.leave(at('lobby', '2', 'a'));
      await trackPresence.refresh([at('lobby', '2', 'a'), at('lobby', '3', 'never-joined')]);
      expect(await presence.list('lobby')).toEqual([]);
      expect(leaves()).toHaveLength(1);
      expect(core.delivery.calls).toHaveLength(1);
    });

    it('accepts an empty refresh', async () => {
      await expect(trackPresence.refresh([])).resolves.toBeUndefined();
    });

    it('lets the leave of a refreshed connection still be its user’s last one', async () => {
      await presence.join(at('lobby', '2', 'a'));
      now += LEASE_MS - 1_000;
      await trackPresence.refresh([at('lobby', '2', 'a')]);
      now += LEASE_MS - 1_000;
      await trackPresence.leave(at('lobby', '2', 'a'));
      expect(core.delivery.roomFrames).toEqual([announcedLeave('lobby', '2')]);
    });
  });
});
