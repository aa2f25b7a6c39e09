import type { RevocationEvent } from '../../domain/session';

export interface RevocationPublisherPort {
  /** Tells every edge that tokens were revoked so it can close the sockets using them. */
  publish(event: RevocationEvent): Promise<void>;
}
