import type { RevocationNotice } from '#contracts/auth/revocation';

export interface RevocationPublisherPort {
  /** Tells every edge that tokens were revoked so it can close the sockets using them. */
  publish(event: RevocationNotice): Promise<void>;
}
