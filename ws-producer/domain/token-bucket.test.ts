import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = new TokenBucket(50, 100, 0);
    const burst = Array.from({ length: 120 }, () => bucket.take(0)).filter(Boolean).length;
    expect(burst).toBe(100);
    expect(bucket.take(10)).toBe(false); // 10 ms refill half a token
    expect(bucket.take(20)).toBe(true); // 20 ms: one token
    const later = Array.from({ length: 60 }, () => bucket.take(1020)).filter(Boolean).length;
    expect(later).toBe(50);
  });
});
