import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from '#kernel/logging/logger';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { UserRegisteredSchema, userEventNames, userEventStreams } from '#contracts/auth/user-events';
import type { User } from '../../../domain/user.entity';
import type { UserEventsPublisherPort } from '../../../application/ports/user-events-publisher.port';

/** How long a registration waits for JetStream to store its announcement. */
const PUBLISH_TIMEOUT_MS = 2_000;

/** Publishes user.registered to stream USERS with `Nats-Msg-Id: user.registered:<id>` (a retry is stored once). */
export class JetStreamUserEventsPublisher implements UserEventsPublisherPort {
  private readonly js: JetStreamClient;
  private readonly names;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.js = jetstream(nc);
    this.names = userEventNames(prefix);
  }

  /** Creates stream USERS if it is missing (auth, its publisher, ensures it at start). */
  start(): Promise<void> {
    return ensureStreams(this.nc, userEventStreams(this.prefix));
  }

  async registered(user: User): Promise<void> {
    const event = UserRegisteredSchema.parse({ type: 'user.registered', user_id: user.id, username: user.username, email: user.email, phone: user.phone, registered_at: user.createdAt.toISOString() });
    try {
      await this.js.publish(this.names.registered, JSON.stringify(event), { msgID: `user.registered:${user.id}`, timeout: PUBLISH_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn({ err: error, userId: user.id }, 'user.registered not published: the user is missing from search until `npm run reindex users`');
    }
  }
}
