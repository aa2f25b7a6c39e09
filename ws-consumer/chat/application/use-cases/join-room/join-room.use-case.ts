import { inject, injectable } from 'tsyringe';
import type { JoinAnswer } from '#contracts/chat/core-api';
import type { Message } from '#contracts/chat/ws-frames';
import type { MessageStorePort } from '../../ports/message-store.port';
import type { PresenceTrackerPort } from '../../ports/presence-tracker.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { RoomAccess, viewerOf } from '../../room-access';
import { toMessageView } from '../../message-view';
import { DELIVERY_PUBLISHER, MESSAGE_STORE, PRESENCE_TRACKER } from '../../../tokens';

export interface JoinRequest {
  room: string;
  userId: string | null;
  connectionId: string;
  /** Recover every message after this seq. */
  sinceSeq?: number;
  /** Most messages recovered; more missing answers recovered:false (never a partial recovery). */
  recoveryMax: number;
}

/** Admits a socket to a room: permission, recovery of what it missed, presence. */
@injectable()
export class JoinRoomUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(MESSAGE_STORE) private readonly store: MessageStorePort,
    @inject(PRESENCE_TRACKER) private readonly presence: PresenceTrackerPort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async run(request: JoinRequest): Promise<JoinAnswer> {
    const room = await this.access.readable(request.room, viewerOf(request.userId));
    const lastSeq = room.lastSeq;
    let recovered = true;
    let missed: Message[] = [];
    if (request.sinceSeq !== undefined && request.sinceSeq < lastSeq) {
      if (lastSeq - request.sinceSeq > request.recoveryMax) recovered = false;
      // Bounded by lastSeq read above: what the edge merges after this is exactly seq > last_seq.
      else missed = (await this.store.range(room.name, request.sinceSeq, lastSeq, request.recoveryMax)).map(toMessageView);
    }
    if (request.userId !== null) {
      const entry = { room: room.name, userId: request.userId, connectionId: request.connectionId };
      if (await this.presence.join(entry)) await this.delivery.toRoom(room.name, 'room:presence', { room: room.name, user_id: request.userId, action: 'join' });
    }
    return { room: room.name, last_seq: lastSeq, recovered, missed };
  }
}
