import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RevocationListPort } from './revocation-list.port';

export interface RevocationListFixture {
  store: RevocationListPort;
  /** The time the store lives in: the wall clock for Redis, a manual clock for the fake. */
  now(): Date;
  /** Lets `ms` pass in the store's time (sleeps for Redis, moves the clock for the fake). */
  elapse(ms: number): Promise<void>;
  cleanup?: () => Promise<void>;
}

/** The behaviour every RevocationListPort adapter must share. */
export function describeRevocationListContract(name: string, make: () => Promise<RevocationListFixture>): void {
  describe(`RevocationListPort contract: ${name}`, () => {
    let fixture: RevocationListFixture;
    let store: RevocationListPort;

    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    const nowSeconds = () => Math.floor(fixture.now().getTime() / 1000);

    it('revokes nothing until told to', async () => {
      expect(await store.isRevoked(randomUUID(), randomUUID())).toBe(false);
    });

    it('revokeToken revokes that token only, whatever session it is checked with', async () => {
      const token = randomUUID();
      const session = randomUUID();
      await store.revokeToken(token, nowSeconds() + 600);
      expect(await store.isRevoked(token, session)).toBe(true);
      expect(await store.isRevoked(token, randomUUID())).toBe(true);
      expect(await store.isRevoked(randomUUID(), session)).toBe(false);
    });

    it('revokeSession revokes every token of the session and no other session', async () => {
      const session = randomUUID();
      await store.revokeSession(session, 600);
      expect(await store.isRevoked(randomUUID(), session)).toBe(true);
      expect(await store.isRevoked(randomUUID(), session)).toBe(true);
      expect(await store.isRevoked(randomUUID(), randomUUID())).toBe(false);
    });

    it('ignores a token whose expiry is already past', async () => {
      const token = randomUUID();
      await store.revokeToken(token, nowSeconds() - 10);
      expect(await store.isRevoked(token, randomUUID())).toBe(false);
    });

    it('forgets revocations once they expire', async () => {
      const token = randomUUID();
      const tokenSession = randomUUID();
      const session = randomUUID();
      // Whole seconds: at least one full second of the token's revocation is still ahead.
      const tokenUntil = nowSeconds() + 2;
      await store.revokeToken(token, tokenUntil);
      await store.revokeSession(session, 1);
      expect(await store.isRevoked(token, tokenSession)).toBe(true);
      expect(await store.isRevoked(randomUUID(), session)).toBe(true);

      await fixture.elapse(tokenUntil * 1000 - fixture.now().getTime() + 250);

      expect(await store.isRevoked(token, tokenSession)).toBe(false);
      expect(await store.isRevoked(randomUUID(), session)).toBe(false);
    });

    it('keeps a session revocation for its whole lifetime', async () => {
      const session = randomUUID();
      await store.revokeSession(session, 3);
      await fixture.elapse(1500);
      expect(await store.isRevoked(randomUUID(), session)).toBe(true);
    });
  });
}
