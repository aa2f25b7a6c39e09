import { backoffMs, FrameBudget, newId, tokenExpiry } from './client-kit';

describe('client kit', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffMs(0, 250, 10_000, () => 0.999)).toBe(249);
    expect(backoffMs(3, 250, 10_000, () => 0.999)).toBe(1998);
    expect(backoffMs(40, 250, 10_000, () => 0.999)).toBe(9990);
    expect(backoffMs(5, 250, 10_000, () => 0)).toBe(0);
  });

  it('makes UUID v4 ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads a JWT expiry (base64url payload), and nothing from what is no JWT', () => {
    const payload = Buffer.from(JSON.stringify({ sub: '1', exp: 1_900_000_000, name: '~~~>>>' })).toString('base64url');
    expect(tokenExpiry(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toBe(1_900_000_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeUndefined();
    expect(tokenExpiry(`x.${Buffer.from('{"sub":"1"}').toString('base64url')}.y`)).toBeUndefined();
  });

  describe('FrameBudget', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('sends a burst at once, then paces the rest at the rate, in order', () => {
      const budget = new FrameBudget(10, 20);
      const sent: number[] = [];
      for (let i = 0; i < 35; i++) budget.spend(() => sent.push(i));
      expect(sent).toHaveLength(20);
      jest.advanceTimersByTime(500); // 5 more tokens
      expect(sent).toHaveLength(25);
      jest.advanceTimersByTime(1000);
      expect(sent).toEqual(Array.from({ length: 35 }, (_, i) => i));
    });

    it('drops what waits when cancelled (its socket is gone)', () => {
      const budget = new FrameBudget(10, 1);
      const sent: number[] = [];
      budget.spend(() => sent.push(1));
      budget.spend(() => sent.push(2));
      budget.cancel();
      jest.advanceTimersByTime(5000);
      expect(sent).toEqual([1]);
    });
  });
});
