import { TokenBucket } from './token-bucket';

/** Refused frames, before the client's burst has refilled, after which the socket is closed (4029). */
export const RATE_CLOSE_STREAK = 50;
/** Forbidden joins, without a granted one between, after which the socket is closed (4003); one alone gets an error. */
export const FORBIDDEN_CLOSE_AFTER = 3;

/**
 * A socket's inbound frame budget: `ratePerSec` sustained, bursts of `burst`. A refused frame
 * gets an error; a client that goes on regardless is closed after RATE_CLOSE_STREAK refusals.
 * They are counted until it has slowed down enough for its whole burst to refill: a client that
 * stays just over the rate (an allowed frame between refused ones) is closed too.
 */
export class FrameRate extends TokenBucket {
  private refusals = 0;

  /** The verdict on one inbound frame. */
  admit(now: number): 'allow' | 'refuse' | 'close' {
    if (this.take(now)) {
      if (this.wasFull) this.refusals = 0;
      return 'allow';
    }
    return ++this.refusals >= RATE_CLOSE_STREAK ? 'close' : 'refuse';
  }
}

/** Counts forbidden joins: a client probing rooms it may not read is closed on the third. */
export class ForbiddenJoins {
  private count = 0;

  /** A join was refused as forbidden; true when the socket should now be closed. */
  refused(): boolean {
    return ++this.count >= FORBIDDEN_CLOSE_AFTER;
  }

  /** A join was granted: the count starts again. */
  granted(): void {
    this.count = 0;
  }
}
