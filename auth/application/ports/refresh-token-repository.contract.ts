import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { RefreshTokenRecord } from '../../domain/session';
import type { RefreshTokenRepositoryPort } from './refresh-token-repository.port';

export interface RefreshTokenRepositoryFixture {
  repo: RefreshTokenRepositoryPort;
  /** An existing user the records may belong to (PostgreSQL keeps a foreign key). */
  userId: string;
  cleanup?: () => Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

function aHash(): string {
  return randomBytes(32).toString('hex');
}

/** The behaviour every RefreshTokenRepositoryPort adapter must share. */
export function describeRefreshTokenRepositoryContract(name: string, make: () => Promise<RefreshTokenRepositoryFixture>): void {
  describe(`RefreshTokenRepositoryPort contract: ${name}`, () => {
    let fixture: RefreshTokenRepositoryFixture;
    let repo: RefreshTokenRepositoryPort;
    let userId: string;

    beforeEach(async () => {
      fixture = await make();
      ({ repo, userId } = fixture);
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    function aRecord(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
      return { userId, sessionId: randomUUID(), tokenHash: aHash(), expiresAt: new Date(Date.now() + HOUR_MS), ...overrides };
    }

    /** A `next` callback that records what it was given and issues a follow-up in the same session. */
    function follower() {
      const issued: RefreshTokenRecord[] = [];
      const next = jest.fn((current: { userId: string; sessionId: string }) => {
        const record = aRecord({ userId: current.userId, sessionId: current.sessionId });
        issued.push(record);
        return record;
      });
      return { next, issued };
    }

    it('finds the session of a stored token, and null for an unknown one', async () => {
      const record = aRecord();
      await repo.create(record);
      expect(await repo.findSession(record.tokenHash)).toEqual({ userId, sessionId: record.sessionId });
      expect(await repo.findSession(aHash())).toBeNull();
    });

    it('rotates a live token into the same session', async () => {
      const first = aRecord();
      await repo.create(first);
      const { next, issued } = follower();

      const outcome = await repo.rotate(first.tokenHash, next);

      expect(outcome).toEqual({ kind: 'rotated', userId, sessionId: first.sessionId });
      expect(next).toHaveBeenCalledTimes(1);
      expect(next).toHaveBeenCalledWith({ userId, sessionId: first.sessionId });
      expect(await repo.findSession(issued[0].tokenHash)).toEqual({ userId, sessionId: first.sessionId });
    });

    it('rotates the successor in turn', async () => {
      const first = aRecord();
      await repo.create(first);
      const { next, issued } = follower();
      await repo.rotate(first.tokenHash, next);
      expect(await repo.rotate(issued[0].tokenHash, next)).toEqual({ kind: 'rotated', userId, sessionId: first.sessionId });
    });

    it('answers reused, naming the session, when a rotated token is presented again', async () => {
      const first = aRecord();
      await repo.create(first);
      await repo.rotate(first.tokenHash, follower().next);
      const again = follower();

      expect(await repo.rotate(first.tokenHash, again.next)).toEqual({ kind: 'reused', userId, sessionId: first.sessionId });
      expect(again.next).not.toHaveBeenCalled();
    });

    it('answers unknown for a token it never stored', async () => {
      const { next } = follower();
      expect(await repo.rotate(aHash(), next)).toEqual({ kind: 'unknown' });
      expect(next).not.toHaveBeenCalled();
    });

    it('answers expired for a token past its expiry, and issues nothing', async () => {
      const old = aRecord({ expiresAt: new Date(Date.now() - 60_000) });
      await repo.create(old);
      const { next } = follower();
      expect(await repo.rotate(old.tokenHash, next)).toEqual({ kind: 'expired' });
      expect(next).not.toHaveBeenCalled();
    });

    it('revokeSession kills the live token of the session (it then rotates as unknown) and counts it', async () => {
      const first = aRecord();
      await repo.create(first);
      const { next, issued } = follower();
      await repo.rotate(first.tokenHash, next);
      const live = issued[0];

      // Only the successor is live: the rotated one was already dead.
      expect(await repo.revokeSession(first.sessionId)).toBe(1);
      expect(await repo.rotate(live.tokenHash, follower().next)).toEqual({ kind: 'unknown' });
      expect(await repo.findSession(live.tokenHash)).toBeNull();
      expect(await repo.revokeSession(first.sessionId)).toBe(0);
    });

    it('revokeSession leaves other sessions alone', async () => {
      const mine = aRecord();
      const other = aRecord();
      await repo.create(mine);
      await repo.create(other);
      await repo.revokeSession(mine.sessionId);
      expect(await repo.findSession(other.tokenHash)).toEqual({ userId, sessionId: other.sessionId });
      expect(await repo.rotate(other.tokenHash, follower().next)).toMatchObject({ kind: 'rotated' });
    });

    it('revokeSession of an unknown session counts nothing', async () => {
      expect(await repo.revokeSession(randomUUID())).toBe(0);
    });

    it('lets exactly one of 10 concurrent rotations of one token win; the rest see reused', async () => {
      const first = aRecord();
      await repo.create(first);
      const { next, issued } = follower();

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => repo.rotate(first.tokenHash, next)));

      expect(outcomes.filter((o) => o.kind === 'rotated')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'reused')).toHaveLength(9);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ userId, sessionId: first.sessionId });
      // A losing rotation may have called `next`, but only the winner's successor was stored.
      const stored = await Promise.all(issued.map((r) => repo.findSession(r.tokenHash)));
      expect(stored.filter((s) => s !== null)).toHaveLength(1);
    });
  });
}
