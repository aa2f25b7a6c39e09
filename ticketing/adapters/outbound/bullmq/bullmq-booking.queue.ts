import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BookingQueuePort, QueueCounts } from '../../../application/ports/booking-queue.port';

/** Jobs of the booking queue carry the booking id, which is also their job id (a booking is queued once). */
export interface BookingJob {
  bookingId: string;
}

const PENDING_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const PACE_WINDOW_MS = 10_000;

/**
 * The booking queue on BullMQ (`<prefix>booking`). A job is retried with backoff when the worker
 * fails for an outage; finished jobs are removed (PostgreSQL has the outcome), so a job id is
 * free again for the maintenance job that re-queues a booking whose job was lost.
 */
export class BullMqBookingQueue implements BookingQueuePort {
  readonly queue: Queue<BookingJob>;
  private readonly paceKey: string;
  private pace: { at: number; perSecond: number | null } | undefined;

  constructor(
    private readonly redis: Redis,
    queueName: string,
    prefix: string,
  ) {
    this.queue = new Queue<BookingJob>(queueName, {
      connection: redis,
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: true },
    });
    this.paceKey = `${prefix}tk:booking-pace`;
  }

  async enqueue(bookingId: string): Promise<number> {
    await this.queue.add('book', { bookingId }, { jobId: bookingId });
    return Math.max(1, await this.queue.getWaitingCount());
  }

  async waiting(limit: number): Promise<string[]> {
    const ids = await this.queue.getRanges(['wait'], 0, limit - 1, true);
    return ids.filter((id) => typeof id === 'string');
  }

  async has(bookingId: string): Promise<boolean> {
    return PENDING_STATES.has(await this.queue.getJobState(bookingId));
  }

  async finished(bookingId: string): Promise<void> {
    const now = Date.now();
    await this.redis.multi().zadd(this.paceKey, now, `${bookingId}:${now}`).zremrangebyscore(this.paceKey, 0, now - PACE_WINDOW_MS).exec();
  }

  /** Read at most once a second per process: every booking request asks. */
  async throughput(): Promise<number | null> {
    const now = Date.now();
    if (this.pace && now - this.pace.at < 1_000) return this.pace.perSecond;
    const finished = await this.redis.zcount(this.paceKey, now - PACE_WINDOW_MS, '+inf');
    this.pace = { at: now, perSecond: finished < 5 ? null : finished / (PACE_WINDOW_MS / 1000) };
    return this.pace.perSecond;
  }

  async counts(): Promise<QueueCounts> {
    const { waiting, active, delayed, failed } = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return { waiting, active, delayed, failed };
  }

  async depth(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
