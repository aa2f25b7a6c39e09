import type { RevocationNotice } from '#contracts/auth/revocation';
import type { RevocationPublisherPort } from '../../../application/ports/revocation-publisher.port';

/** Keeps what was published, for a test to inspect. */
export class InMemoryRevocationPublisher implements RevocationPublisherPort {
  readonly events: RevocationNotice[] = [];

  async publish(event: RevocationNotice): Promise<void> {
    this.events.push(event);
  }
}
