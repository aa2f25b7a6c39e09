import { inject, injectable } from 'tsyringe';
import type { BookingQueuePort } from '../../ports/booking-queue.port';
import { BOOKING_QUEUE } from '../../../tokens';
import type { QueueDepth } from './queue-depth.schema';

/** How deep the booking queue is, by state, over every ticketing process (the ops page). */
@injectable()
export class QueueDepthUseCase {
  constructor(@inject(BOOKING_QUEUE) private readonly queue: BookingQueuePort) {}

  async run(): Promise<QueueDepth> {
    return { queue: 'booking', ...(await this.queue.counts()) };
  }
}
