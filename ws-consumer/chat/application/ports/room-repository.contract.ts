import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { uniqueId } from '../../../../test/support/test-run';
import { rejectionOf } from '../../../../test/support/rejection';
import { byUserId } from '#contracts/auth/user-id';
import { directRoom } from '#contracts/chat/rooms';
import { ChatError, type ChatErrorCode } from '../../domain/chat.errors';
import type { Room } from '../../domain/room.entity';
import type { RoomRepositoryPort } from './room-repository.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by the *.test.ts files beside each adapter.

export interface RoomRepositoryFixture {
  repo: RoomRepositoryPort;
  /** Creates a user that exists for the repository (a users row for PostgreSQL) and answers its id. */
  newUser(): Promise<string>;
  /** A well-formed id no user has. */
  unknownUserId: string;
  cleanup?: () => Promise<void>;
}

/** A room name no other test (or test file sharing the database) can collide with. */
function aName(tag = 'r'): string {
  return `${tag}-${uniqueId(6)}`;
}

const errorOf = (promise: Promise<unknown>) => rejectionOf(promise, ChatError);

async function expectError(promise: Promise<unknown>, code: ChatErrorCode): Promise<ChatError> {
  const error = await errorOf(promise);
  expect(error.code).toBe(code);
  return error;
}

/** The behaviour every RoomRepositoryPort adapter must share. */
export function describeRoomRepositoryContract(name: string, make: () => Promise<RoomRepositoryFixture>): void {
  describe(`RoomRepositoryPort contract: ${name}`, () => {
    let fixture: RoomRepositoryFixture;
    let repo: RoomRepositoryPort;

    beforeEach(async () => {
      fixture = await make();
      repo = fixture.repo;
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    async function users(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await fixture.newUser());
      return ids;
    }

    /** Every room visible to `userId` whose name starts with `prefix`, walking pages of `limit`. */
    async function visibleWithPrefix(userId: string, prefix: string, limit: number): Promise<{ pages: Room[][]; names: string[] }> {
      // Other tests share the database: start the walk at the prefix and stop when past it.
      const pages: Room[][] = [];
      let cursor: string | undefined = prefix;
      for (;;) {
        const page = await repo.listVisible(userId, cursor, limit);
        const mine = page.items.filter((r) => r.name.startsWith(prefix));
        if (mine.length > 0) pages.push(mine);
        if (!page.nextCursor || mine.length < page.items.length) break;
        cursor = page.nextCursor;
      }
      return { pages, names: pages.flat().map((r) => r.name) };
    }

    describe('create and find', () => {
      it('creates a room with last_seq 0 and a creation time, and finds it by name', async () => {
        const [alice] = await users(1);
        const name = aName();
        const before = Date.now();
        const room = await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        expect(room).toEqual({ name, visibility: 'private', createdBy: alice, lastSeq: 0, createdAt: expect.any(Date) });
        expect(Math.abs(room.createdAt.getTime() - before)).toBeLessThan(60_000);
        expect(await repo.find(name)).toEqual(room);
      });

      it('creates a room without a creator (system rooms)', async () => {
        const name = aName('event');
        const room = await repo.create({ name, visibility: 'event', createdBy: null }, []);
        expect(room).toMatchObject({ name, visibility: 'event', createdBy: null, lastSeq: 0 });
        expect(await repo.listMembers(name)).toEqual([]);
      });

      it('answers null for an unknown room', async () => {
        expect(await repo.find(aName())).toBeNull();
      });

      it('records the first members, each once, listed in ascending numeric order', async () => {
        const ids = await users(3);
        const name = aName();
        await repo.create({ name, visibility: 'private', createdBy: ids[0] }, [ids[2], ids[0], ids[1], ids[2]]);
        expect(await repo.listMembers(name)).toEqual([...ids].sort(byUserId));
        for (const id of ids) expect(await repo.isMember(name, id)).toBe(true);
      });

      it('refuses a taken name with ROOM.ALREADY_EXISTS and leaves the first room as it was', async () => {
        const [alice, bob] = await users(2);
        const name = aName();
        const first = await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        await expectError(repo.create({ name, visibility: 'public', createdBy: bob }, [bob]), 'ROOM.ALREADY_EXISTS');
        expect(await repo.find(name)).toEqual(first);
        expect(await repo.listMembers(name)).toEqual([alice]);
      });

      it('refuses an unknown member with USER.NOT_FOUND and stores nothing', async () => {
        const [alice] = await users(1);
        const name = aName();
        const error = await expectError(repo.create({ name, visibility: 'private', createdBy: alice }, [alice, fixture.unknownUserId]), 'USER.NOT_FOUND');
        expect(error.details).toEqual({ user_id: fixture.unknownUserId });
        expect(await repo.find(name)).toBeNull();
      });

      it('refuses an unknown or malformed creator with USER.NOT_FOUND', async () => {
        await expectError(repo.create({ name: aName(), visibility: 'public', createdBy: fixture.unknownUserId }, []), 'USER.NOT_FOUND');
        await expectError(repo.create({ name: aName(), visibility: 'public', createdBy: 'not-a-user' }, []), 'USER.NOT_FOUND');
      });

      it('refuses a name that breaks the room name rule with ROOM.INVALID', async () => {
        await expectError(repo.create({ name: `Bad.Name-${uniqueId(3)}`, visibility: 'public', createdBy: null }, []), 'ROOM.INVALID');
      });

      it('lets exactly one of 10 concurrent creates of one name win', async () => {
        const ids = await users(2);
        const name = aName();
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => repo.create({ name, visibility: 'private', createdBy: ids[i % 2] }, [ids[i % 2]])));
        const won = results.filter((r): r is PromiseFulfilledResult<Room> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const { reason } of lost) expect(reason).toMatchObject({ code: 'ROOM.ALREADY_EXISTS' });
        expect(await repo.listMembers(name)).toEqual([won[0].value.createdBy]);
      });
    });

    describe('direct rooms', () => {
      it('creates the direct room of two users on first use, with both as members', async () => {
        const [a, b] = await users(2);
        const name = directRoom(a, b);
        const room = await repo.ensureDirect(name, a, b);
        expect(room).toMatchObject({ name, visibility: 'direct', lastSeq: 0 });
        expect(await repo.find(name)).toEqual(room);
        expect(await repo.listMembers(name)).toEqual([a, b].sort(byUserId));
      });

      it('answers the same room on later uses', async () => {
        const [a, b] = await users(2);
        const name = directRoom(a, b);
        const first = await repo.ensureDirect(name, a, b);
        expect(await repo.ensureDirect(name, b, a)).toEqual(first);
        expect(await repo.listMembers(name)).toEqual([a, b].sort(byUserId));
      });

      it('is safe when many first uses race', async () => {
        const [a, b] = await users(2);
        const name = directRoom(a, b);
        const rooms = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? repo.ensureDirect(name, a, b) : repo.ensureDirect(name, b, a))));
        for (const room of rooms) expect(room).toEqual(rooms[0]);
        expect(await repo.listMembers(name)).toEqual([a, b].sort(byUserId));
      });

      it('refuses an unknown user with USER.NOT_FOUND and creates nothing', async () => {
        const [a] = await users(1);
        const name = directRoom(a, fixture.unknownUserId);
        await expectError(repo.ensureDirect(name, a, fixture.unknownUserId), 'USER.NOT_FOUND');
        expect(await repo.find(name)).toBeNull();
      });

      it('never turns an existing room of another kind into a direct room', async () => {
        const [a, b] = await users(2);
        const name = aName('dm');
        await repo.create({ name, visibility: 'private', createdBy: a }, [a]);
        await expectError(repo.ensureDirect(name, a, b), 'ROOM.INVALID');
        expect(await repo.isMember(name, b)).toBe(false);
      });
    });

    describe('members', () => {
      it('adds a member once, however often asked', async () => {
        const [alice, bob] = await users(2);
        const name = aName();
        await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        expect(await repo.isMember(name, bob)).toBe(false);
        await repo.addMember(name, bob);
        await repo.addMember(name, bob);
        expect(await repo.isMember(name, bob)).toBe(true);
        expect(await repo.listMembers(name)).toEqual([alice, bob].sort(byUserId));
      });

      it('refuses to add an unknown user (USER.NOT_FOUND) or to an unknown room (ROOM.NOT_FOUND)', async () => {
        const [alice] = await users(1);
        const name = aName();
        await repo.create({ name, visibility: 'public', createdBy: alice }, []);
        await expectError(repo.addMember(name, fixture.unknownUserId), 'USER.NOT_FOUND');
        await expectError(repo.addMember(name, 'nobody'), 'USER.NOT_FOUND');
        await expectError(repo.addMember(aName(), alice), 'ROOM.NOT_FOUND');
        expect(await repo.listMembers(name)).toEqual([]);
      });

      it('removes a member, answering whether they were one', async () => {
        const [alice, bob] = await users(2);
        const name = aName();
        await repo.create({ name, visibility: 'private', createdBy: alice }, [alice, bob]);
        expect(await repo.removeMember(name, bob)).toBe(true);
        expect(await repo.removeMember(name, bob)).toBe(false);
        expect(await repo.isMember(name, bob)).toBe(false);
        expect(await repo.listMembers(name)).toEqual([alice]);
        expect(await repo.removeMember(aName(), alice)).toBe(false);
      });

      it('keeps memberships per room', async () => {
        const [alice] = await users(1);
        const [one, two] = [aName(), aName()];
        await repo.create({ name: one, visibility: 'private', createdBy: alice }, [alice]);
        await repo.create({ name: two, visibility: 'private', createdBy: alice }, []);
        expect(await repo.isMember(one, alice)).toBe(true);
        expect(await repo.isMember(two, alice)).toBe(false);
      });

      it('answers no members and no membership for unknown rooms and malformed ids', async () => {
        const [alice] = await users(1);
        expect(await repo.listMembers(aName())).toEqual([]);
        expect(await repo.isMember(aName(), alice)).toBe(false);
        const name = aName();
        await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        expect(await repo.isMember(name, 'not-a-user')).toBe(false);
      });
    });

    describe('listVisible', () => {
      it('lists public and event rooms to everyone, private and direct rooms to their members only, by name', async () => {
        const [alice, bob, carol] = await users(3);
        const prefix = `v${uniqueId(5)}`;
        // Created out of order: the listing sorts.
        await repo.create({ name: `${prefix}-e-private`, visibility: 'private', createdBy: alice }, [alice]);
        await repo.create({ name: `${prefix}-a-public`, visibility: 'public', createdBy: alice }, []);
        await repo.create({ name: `${prefix}-c-event`, visibility: 'event', createdBy: null }, []);
        await repo.create({ name: `${prefix}-b-private`, visibility: 'private', createdBy: bob }, [bob, alice]);
        await repo.create({ name: `${prefix}-d-direct`, visibility: 'direct', createdBy: null }, [alice, carol]);

        expect((await visibleWithPrefix(alice, prefix, 100)).names).toEqual([
          `${prefix}-a-public`,
          `${prefix}-b-private`,
          `${prefix}-c-event`,
          `${prefix}-d-direct`,
          `${prefix}-e-private`,
        ]);
        expect((await visibleWithPrefix(bob, prefix, 100)).names).toEqual([`${prefix}-a-public`, `${prefix}-b-private`, `${prefix}-c-event`]);
        expect((await visibleWithPrefix(carol, prefix, 100)).names).toEqual([`${prefix}-a-public`, `${prefix}-c-event`, `${prefix}-d-direct`]);
      });

      it('answers whole rooms', async () => {
        const [alice] = await users(1);
        const prefix = `v${uniqueId(5)}`;
        const room = await repo.create({ name: `${prefix}-x`, visibility: 'private', createdBy: alice }, [alice]);
        expect((await visibleWithPrefix(alice, prefix, 10)).pages).toEqual([[room]]);
      });

      it('pages by name with a cursor, with no cursor on the last page', async () => {
        const [alice] = await users(1);
        const prefix = `v${uniqueId(5)}`;
        const names = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}-${s}`);
        for (const name of names) await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);

        const first = await repo.listVisible(alice, prefix, 2);
        expect(first.items.map((r) => r.name)).toEqual(names.slice(0, 2));
        expect(first.nextCursor).toBe(names[1]);
        const second = await repo.listVisible(alice, first.nextCursor, 2);
        expect(second.items.map((r) => r.name)).toEqual(names.slice(2, 4));
        expect(second.nextCursor).toBe(names[3]);

        const { pages } = await visibleWithPrefix(alice, prefix, 2);
        expect(pages.map((p) => p.map((r) => r.name))).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4)]);
      });

      it('gives no cursor on the last page, even when it is exactly full', async () => {
        const [alice] = await users(1);
        // Past every name other tests use ('z' is the highest character a room name may hold), so
        // these are the last rooms in a shared database too.
        const prefix = `zzzzzzzzzzzzzzzzzzzzzzzz${uniqueId(5)}`;
        const names = ['a', 'b', 'c', 'd'].map((s) => `${prefix}-${s}`);
        for (const name of names) await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        const full = await repo.listVisible(alice, names[1], 2);
        expect(full.items.map((r) => r.name)).toEqual(names.slice(2));
        expect(full).not.toHaveProperty('nextCursor');
        const short = await repo.listVisible(alice, names[2], 2);
        expect(short.items.map((r) => r.name)).toEqual(names.slice(3));
        expect(short).not.toHaveProperty('nextCursor');
      });

      it('orders names bytewise (`-` before `:` before `_`), the same in every adapter', async () => {
        const [alice] = await users(1);
        const prefix = `v${uniqueId(5)}`;
        const names = [`${prefix}_z`, `${prefix}:b`, `${prefix}-c`, `${prefix}0`];
        for (const name of names) await repo.create({ name, visibility: 'private', createdBy: alice }, [alice]);
        expect((await visibleWithPrefix(alice, prefix, 1)).names).toEqual([`${prefix}-c`, `${prefix}0`, `${prefix}:b`, `${prefix}_z`]);
      });

      it('gives a member who left only what anyone may see', async () => {
        const [alice, bob] = await users(2);
        const prefix = `v${uniqueId(5)}`;
        await repo.create({ name: `${prefix}-p`, visibility: 'private', createdBy: alice }, [alice, bob]);
        expect((await visibleWithPrefix(bob, prefix, 10)).names).toEqual([`${prefix}-p`]);
        await repo.removeMember(`${prefix}-p`, bob);
        expect((await visibleWithPrefix(bob, prefix, 10)).names).toEqual([]);
      });
    });

    describe('read markers', () => {
      it('stores how far a user has read and never moves it backwards', async () => {
        const [alice, bob] = await users(2);
        const name = aName();
        await repo.create({ name, visibility: 'public', createdBy: alice }, []);
        expect(await repo.saveReadMarker(name, alice, 5)).toBe(5);
        expect(await repo.saveReadMarker(name, alice, 3)).toBe(5);
        expect(await repo.saveReadMarker(name, alice, 9)).toBe(9);
        expect(await repo.saveReadMarker(name, bob, 1)).toBe(1);
      });

      it('keeps the highest of concurrent markers', async () => {
        const [alice] = await users(1);
        const name = aName();
        await repo.create({ name, visibility: 'public', createdBy: alice }, []);
        await Promise.all([7, 3, 12, 1, 9].map((seq) => repo.saveReadMarker(name, alice, seq)));
        expect(await repo.saveReadMarker(name, alice, 0)).toBe(12);
      });

      it('refuses a marker in an unknown room with ROOM.NOT_FOUND', async () => {
        const [alice] = await users(1);
        await expectError(repo.saveReadMarker(aName(), alice, 1), 'ROOM.NOT_FOUND');
      });
    });
  });
}
