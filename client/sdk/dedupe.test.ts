import { SeqTracker, backoffMs, dmRoom } from './dedupe';
test('SeqTracker drops seq <= last delivered', () => {
  const t = new SeqTracker();
  expect([1, 2, 2, 1, 3].map((s) => t.accept('r', s))).toEqual([true, true, false, false, true]);
});
test('backoff is full jitter capped at maxMs', () => {
  expect(backoffMs(3, 250, 10000, () => 0.999)).toBeLessThan(2000);
  expect(backoffMs(20, 250, 10000, () => 0.999)).toBeLessThan(10000);
});
test('dmRoom orders ids numerically', () => expect(dmRoom('10', '2')).toBe('dm:2:10'));
