import { ManualClock } from './manual.clock';

describe('ManualClock', () => {
  it('stands still until advanced, and hands out copies', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const seen = clock.now();
    seen.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
  });
});
