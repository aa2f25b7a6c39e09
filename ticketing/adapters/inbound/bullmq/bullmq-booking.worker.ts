import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import type { ProcessBookingUseCase } from '../../../application/use-cases/process-booking/process-booking.use-case';

export interface BookingWorkerOptions {
  concurrency: number;
  /** A job whose worker stops renewing its lock (the process died) goes back to the queue after this. Default 10 s. */
  lockDurationMs?: number;
}

/**
 * The booking consumer: a BullMQ worker on the booking queue running ProcessBookingUseCase per
 * job. A job that fails for an outage is retried with backoff (the queue's job options); a
 * worker killed mid-job leaves its jobs to the stalled-job check, which hands them to another.
 */
export class BullMqBookingWorker {
  private worker: Worker | undefined;
  private readonly outage: OutageLog;

  constructor(
    private readonly connection: Redis,
    private readonly queueName: string,
    private readonly processBooking: ProcessBookingUseCase,
    private readonly options: BookingWorkerOptions,
    logger: Logger,
  ) {
    this.outage = new OutageLog(logger, 'booking worker');
  }

  start(): void {
    const lockDuration = this.options.lockDurationMs ?? 10_000;
    this.worker = new Worker(this.queueName, (job: Job<{ bookingId: string }>) => this.processBooking.run(job.data.bookingId), {
      connection: this.connection,
      concurrency: this.options.concurrency,
      lockDuration,
      stalledInterval: lockDuration / 2,
      maxStalledCount: 5,
    });
    this.worker.on('completed', () => this.outage.recovered());
    this.worker.on('failed', (job, error) => this.outage.failed(error, { booking_id: job?.data.bookingId, attempt: job?.attemptsMade }));
    this.worker.on('error', (error) => this.outage.failed(error));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
  }
}
