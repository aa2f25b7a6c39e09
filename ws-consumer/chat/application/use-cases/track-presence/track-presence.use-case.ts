import { inject, injectable } from 'tsyringe';
import type { PresenceEntry, PresenceTrackerPort } from '../../ports/presence-tracker.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { DELIVERY_PUBLISHER, PRESENCE_TRACKER } from '../../../tokens';

/** Socket-level leave and lease refresh; announces a user's last connection leaving a room. */
@injectable()
export class TrackPresenceUseCase {
  constructor(
    @inject(PRESENCE_TRACKER) private readonly presence: PresenceTrackerPort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async leave(entry: PresenceEntry): Promise<void> {
    if (await this.presence.leave(entry)) await this.delivery.toRoom(entry.room, 'room:presence', { room: entry.room, user_id: entry.userId, action: 'leave' });
  }

  async refresh(entries: PresenceEntry[]): Promise<void> {
    await this.presence.refresh(entries);
  }
}
