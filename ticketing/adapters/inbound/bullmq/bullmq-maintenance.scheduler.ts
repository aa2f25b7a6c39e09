import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import type { MaintenanceUseCase } from '../../../application/use-cases/maintenance/maintenance.use-case';

/** The repeatable jobs (the seed's cron jobs), each run once per interval by one of the ticketing processes. */
function jobsOf(maintenance: MaintenanceUseCase): Record<string, () => Promise<number>> {
  return {
    'release-expired-holds': () => maintenance.releaseExpiredHolds(),
    'expire-unpaid-bookings': () => maintenance.expireUnpaidBookings(),
    'serve-waitlists': () => maintenance.serveWaitlists(),
    'report-queue-positions': () => maintenance.reportQueuePositions(),
    'requeue-stalled-bookings': () => maintenance.requeueStalledBookings(),
    'prune-outbox': () => maintenance.pruneOutbox(),
  };
}

/** Jobs that need not run as often as the others. */
const EVERY_MINUTE = new Set(['prune-outbox']);

/** Schedules the maintenance jobs as BullMQ job schedulers (idempotent: every process upserts the same ones) and works them. */
export class BullMqMaintenanceScheduler {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly jobs: Record<string, () => Promise<number>>;
  private readonly outage: OutageLog;

  constructor(
    queueRedis: Redis,
    private readonly workerRedis: Redis,
    private readonly queueName: string,
    maintenance: MaintenanceUseCase,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.queue = new Queue(queueName, { connection: queueRedis });
    this.jobs = jobsOf(maintenance);
    this.outage = new OutageLog(logger, 'ticketing maintenance jobs');
  }

  async start(): Promise<void> {
    for (const name of Object.keys(this.jobs)) {
      const every = EVERY_MINUTE.has(name) ? 60_000 : this.intervalMs;
      await this.queue.upsertJobScheduler(name, { every }, { name, opts: { removeOnComplete: true, removeOnFail: true } });
    }
    this.worker = new Worker(this.queueName, (job: Job) => this.run(job.name), { connection: this.workerRedis, concurrency: 1 });
    this.worker.on('error', (error) => this.outage.failed(error));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  private async run(name: string): Promise<number> {
    const job = this.jobs[name];
    if (!job) return 0;
    try {
      const done = await job();
      this.outage.recovered();
      if (done > 0) this.logger.debug({ job: name, done }, 'maintenance job');
      return done;
    } catch (error) {
      this.outage.failed(error, { job: name });
      throw error;
    }
  }
}
