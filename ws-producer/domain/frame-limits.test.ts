import { FORBIDDEN_CLOSE_AFTER, ForbiddenJoins, FrameRate, RATE_CLOSE_STREAK } from './frame-limits';

describe('FrameRate', () => {
  it('allows the burst, refuses beyond it, and closes only after a streak of refusals', () => {
    const rate = new FrameRate(50, 100, 0);
    const verdicts = Array.from({ length: 100 + RATE_CLOSE_STREAK }, () => rate.admit(0));
    expect(verdicts.slice(0, 100).every((v) => v === 'allow')).toBe(true);
    expect(verdicts.slice(100, -1).every((v) => v === 'refuse')).toBe(true);
    expect(verdicts.at(-1)).toBe('close');
  });

  it('a client just over the rate (an allowed frame now and then) is closed too; one that slows down is forgiven', () => {
    const rate = new FrameRate(50, 10, 0);
    for (let i = 0; i < 10; i++) rate.admit(0); // the burst
    let now = 0;
    let verdict: string = 'allow';
    let allowed = 0;
    // 20 ms is one token: every 20 ms one frame passes, four more are refused.
    for (let i = 0; i < 100 && verdict !== 'close'; i++) {
      if (i % 5 === 0) now += 20;
      verdict = rate.admit(now);
      if (verdict === 'allow') allowed++;
    }
    expect(verdict).toBe('close');
    expect(allowed).toBeGreaterThan(5);

    const calm = new FrameRate(50, 10, 0);
    for (let i = 0; i < 10; i++) calm.admit(0);
    for (let i = 0; i < RATE_CLOSE_STREAK - 1; i++) expect(calm.admit(0)).toBe('refuse');
    // A second later a whole burst has refilled: the count starts over.
    for (let i = 0; i < 10; i++) expect(calm.admit(1_000)).toBe('allow');
    for (let i = 0; i < RATE_CLOSE_STREAK - 1; i++) expect(calm.admit(1_000)).toBe('refuse');
  });
});

describe('ForbiddenJoins', () => {
  it('closes on the third forbidden join, unless one was granted between', () => {
    const joins = new ForbiddenJoins();
    expect(joins.refused()).toBe(false);
    expect(joins.refused()).toBe(false);
    joins.granted();
    for (let i = 1; i < FORBIDDEN_CLOSE_AFTER; i++) expect(joins.refused()).toBe(false);
    expect(joins.refused()).toBe(true);
  });
});
