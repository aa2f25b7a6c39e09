import type { NatsConnection } from '@nats-io/transport-node';
import { PublicError } from '../../../../shared/errors/error-kind';
import { withTimeout } from '../../../../shared/lifecycle/timeout';
import type { RevocationEvent } from '../../../domain/session';
import type { RevocationPublisherPort } from '../../../application/ports/revocation-publisher.port';

const FLUSH_TIMEOUT_MS = 2_000;

export class NatsRevocationPublisher implements RevocationPublisherPort {
  constructor(
    private readonly nc: NatsConnection,
    /** Full subject of revocation events (messagingNames(NAME_PREFIX).authRevoked); every edge subscribes. */
    private readonly subject: string,
  ) {}

  async publish(event: RevocationEvent): Promise<void> {
    this.nc.publish(this.subject, JSON.stringify(event));
    // Core NATS publishes are buffered; flushing makes "revoked" mean "edges were told". While
    // NATS is away the revocation is already stored, so the caller gets 503 and may retry.
    await withTimeout(this.nc.flush(), FLUSH_TIMEOUT_MS, () => new PublicError('unavailable', 'revocation stored, but NATS is unavailable to announce it; retry'));
  }
}
