import type { NatsConnection } from '@nats-io/transport-node';
import { PublicError } from '#kernel/errors/error-kind';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { revocationSubject, RevocationNoticeSchema, type RevocationNotice } from '#contracts/auth/revocation';
import type { RevocationPublisherPort } from '../../../application/ports/revocation-publisher.port';

const FLUSH_TIMEOUT_MS = 2_000;

/** Announces revocations on `auth.revoked` (behind NAME_PREFIX); every edge and core follows it. */
export class NatsRevocationPublisher implements RevocationPublisherPort {
  private readonly subject: string;

  constructor(
    private readonly nc: NatsConnection,
    prefix: string,
  ) {
    this.subject = revocationSubject(prefix);
  }

  async publish(event: RevocationNotice): Promise<void> {
    // Readers parse with the same schema: what is published here is what they accept.
    this.nc.publish(this.subject, JSON.stringify(RevocationNoticeSchema.parse(event)));
    // Core NATS publishes are buffered; flushing makes "revoked" mean "edges were told". While
    // NATS is away the revocation is already stored, so the caller gets 503 and may retry.
    await withTimeout(this.nc.flush(), FLUSH_TIMEOUT_MS, () => new PublicError('unavailable', 'revocation stored, but NATS is unavailable to announce it; retry'));
  }
}
