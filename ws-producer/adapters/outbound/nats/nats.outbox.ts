import type { NatsConnection } from '@nats-io/transport-node';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { OutboxPort } from '../../../application/ports/outbox.port';

/** Frames on the core-NATS delivery subjects every edge follows by interest (at most once, like the core's deliveries). */
export class NatsOutbox implements OutboxPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
  ) {}

  toRoom(room: string, type: string, payload: object): void {
    this.nc.publish(this.names.deliverRoom(room), JSON.stringify({ type, payload }));
  }

  toUser(userId: string, type: string, payload: object): void {
    this.nc.publish(this.names.deliverUser(userId), JSON.stringify({ type, payload }));
  }
}
