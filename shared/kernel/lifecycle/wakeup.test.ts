import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('ends a wait at the ring, or at its timeout', async () => {
    const wakeup = new Wakeup();
    const started = Date.now();
    const waited = wakeup.wait(5_000);
    setTimeout(() => wakeup.ring(), 20);
    await waited;
    expect(Date.now() - started).toBeLessThan(1_000);
    const timedOut = Date.now();
    await wakeup.wait(30);
    expect(Date.now() - timedOut).toBeGreaterThanOrEqual(25);
  });

  it('keeps a ring that came while nobody waited for the next wait (once)', async () => {
    const wakeup = new Wakeup();
    wakeup.ring();
    wakeup.ring();
    const started = Date.now();
    await wakeup.wait(5_000);
    expect(Date.now() - started).toBeLessThan(100);
    await wakeup.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
