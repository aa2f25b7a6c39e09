import type { NatsConnection } from '@nats-io/transport-node';
import type { RevocationEvent } from '../../../domain/session';
import type { RevocationPublisherPort } from '../../../application/ports/revocation-publisher.port';

/** Subject (after NAME_PREFIX) on which auth announces revocations; every edge subscribes. */
export const REVOCATION_SUBJECT = 'auth.revoked';

export class NatsRevocationPublisher implements RevocationPublisherPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjectPrefix: string,
  ) {}

  async publish(event: RevocationEvent): Promise<void> {
    this.nc.publish(`${this.subjectPrefix}${REVOCATION_SUBJECT}`, JSON.stringify(event));
    // Core NATS publishes are buffered; flushing makes "revoked" mean "edges were told".
    await this.nc.flush();
  }
}
