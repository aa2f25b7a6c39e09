import { FORBIDDEN_CLOSE_AFTER, ForbiddenJoins, FrameRate, RATE_CLOSE_STREAK } from './frame-limits';

describe('FrameRate', () => {
  it('allows the burst, refuses beyond it, and closes only after a streak of refusals', () => {
    const rate = new FrameRate(50, 100, 0);
    const verdicts = Array.from({ length: 100 + RATE_CLOSE_STREAK }, () => rate.admit(0));
    expect(verdicts.slice(0, 100).every((v) => v === 'allow')).toBe(true);
    expect(verdicts.slice(100, -1).every((v) => v === 'refuse')).toBe(true);
    expect(verdicts.at(-1)).toBe('close');
  });

  it('an allowed frame ends the streak', () => {
    const rate = new FrameRate(50, 1, 0);
    rate.admit(0);
    for (let i = 0; i < RATE_CLOSE_STREAK - 1; i++) expect(rate.admit(0)).toBe('refuse');
    expect(rate.admit(1_000)).toBe('allow'); // a second later: tokens again
    for (let i = 0; i < RATE_CLOSE_STREAK - 1; i++) expect(rate.admit(1_000)).toBe('refuse');
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
