import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AvailabilityGatePort } from './availability-gate.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by the *.test.ts files beside each adapter.

export interface AvailabilityGateSubject {
  gate: AvailabilityGatePort;
  /** Another core's gate on the same store. */
  rival: AvailabilityGatePort;
  /** Lets `ms` pass for the store (a real wait for a real one). */
  elapse(ms: number): Promise<void>;
}

const WINDOW_MS = 100;

/** The behaviour every AvailabilityGatePort adapter must have. */
export function describeAvailabilityGateContract(name: string, makeSubject: () => Promise<AvailabilityGateSubject>): void {
  describe(`AvailabilityGatePort contract: ${name}`, () => {
    it('takes an open gate; while it is held, refuses everyone, its holder included, with the time until it opens (at most the window)', async () => {
      const { gate, rival } = await makeSubject();
      const eventId = randomUUID();
      expect(await gate.take(eventId, WINDOW_MS)).toEqual({ taken: true });
      for (const core of [gate, rival]) {
        const answer = await core.take(eventId, WINDOW_MS);
        expect(answer).toEqual({ taken: false, reopensInMs: expect.any(Number) });
        const { reopensInMs } = answer as { reopensInMs: number };
        expect(reopensInMs).toBeGreaterThan(0);
        expect(reopensInMs).toBeLessThanOrEqual(WINDOW_MS);
      }
    });

    it('opens again when the time it answered has passed, for whoever asks first', async () => {
      const { gate, rival, elapse } = await makeSubject();
      const eventId = randomUUID();
      await gate.take(eventId, WINDOW_MS);
      const answer = (await rival.take(eventId, WINDOW_MS)) as { reopensInMs: number };
      await elapse(answer.reopensInMs + 1);
      expect(await rival.take(eventId, WINDOW_MS)).toEqual({ taken: true });
      expect(await gate.take(eventId, WINDOW_MS)).toMatchObject({ taken: false });
    });

    it('gives every event a gate of its own', async () => {
      const { gate, rival } = await makeSubject();
      const [one, two] = [randomUUID(), randomUUID()];
      expect(await gate.take(one, WINDOW_MS)).toEqual({ taken: true });
      expect(await rival.take(two, WINDOW_MS)).toEqual({ taken: true });
    });

    it('of many cores asking at once, exactly one takes the gate', async () => {
      const { gate, rival } = await makeSubject();
      const eventId = randomUUID();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? gate : rival).take(eventId, WINDOW_MS)));
      expect(answers.filter((a) => a.taken)).toHaveLength(1);
    });
  });
}
