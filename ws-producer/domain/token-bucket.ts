/**
 * A token bucket: `ratePerSec` tokens a second up to `burst`. One per client frame, so a socket
 * may send bursts of `burst` frames and `ratePerSec` sustained.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** After a successful take: the bucket was full before it (a whole burst had refilled). */
  get wasFull(): boolean {
    return this.tokens >= this.burst - 1;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSec);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
