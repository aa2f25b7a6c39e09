import { inject, injectable } from 'tsyringe';
import type { Hold } from '../domain/hold.entity';
import type { EventRepositoryPort } from './ports/event-repository.port';
import type { HoldOutcome, SeatEffect, SeatMapPort, SeatStatuses } from './ports/seat-map.port';
import { EVENT_REPOSITORY, SEAT_MAP } from '../tokens';

type Loaded<T> = Exclude<T, { kind: 'unloaded' }>;

/**
 * The seat map as use cases see it: never `unloaded`. When Redis has lost an event's map
 * (flushed, restarted empty), it is rebuilt from PostgreSQL's active bookings and the operation
 * runs again. Holds lost with it are gone; sold and booked seats are not.
 */
@injectable()
export class LiveSeatMap {
  constructor(
    @inject(SEAT_MAP) private readonly map: SeatMapPort,
    @inject(EVENT_REPOSITORY) private readonly events: EventRepositoryPort,
  ) {}

  hold(hold: Hold, now: Date, fromWaitlist = false): Promise<Loaded<HoldOutcome>> {
    return this.loaded(hold.eventId, () => this.map.hold(hold, now, fromWaitlist));
  }

  statuses(eventId: string, now: Date): Promise<Loaded<SeatStatuses>> {
    return this.loaded(eventId, () => this.map.statuses(eventId, now));
  }

  async apply(effect: SeatEffect): Promise<void> {
    await this.loaded(effect.eventId, async () => ((await this.map.apply(effect)) === 'unloaded' ? ({ kind: 'unloaded' } as const) : ({ kind: 'ok' } as const)));
  }

  private async loaded<T extends { kind: string }>(eventId: string, operation: () => Promise<T>): Promise<Loaded<T>> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await operation();
      if (outcome.kind !== 'unloaded') return outcome as Loaded<T>;
      // Loading is idempotent; a second miss means Redis lost the map again meanwhile.
      if (attempt === 3) throw new Error(`the seat map of event ${eventId} keeps disappearing from Redis`);
      await this.rebuild(eventId);
    }
  }

  private async rebuild(eventId: string): Promise<void> {
    const event = await this.events.find(eventId);
    if (!event) throw new Error(`seat map of unknown event ${eventId}`);
    await this.map.load(eventId, event.seatCount, await this.events.bookedSeats(eventId));
  }
}
