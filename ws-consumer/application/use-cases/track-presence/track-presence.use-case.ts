import { inject, injectable } from 'tsyringe';
import type { PresenceEntry, PresencePort } from '../../ports/presence.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { DELIVERY_PUBLISHER, PRESENCE } from '../../../tokens';

/** Socket-level leave and lease refresh; announces a user's last connection leaving a room. */
@injectable()
export class TrackPresenceUseCase {
  constructor(
    @inject(PRESENCE) private readonly presence: PresencePort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async leave(entry: PresenceEntry): Promise<void> {
    if (await this.presence.leave(entry)) await this.delivery.toRoom(entry.room, 'room:presence', { room: entry.room, user_id: entry.userId, action: 'leave' });
  }

  async refresh(entries: PresenceEntry[]): Promise<void> {
    await this.presence.refresh(entries);
  }
}
