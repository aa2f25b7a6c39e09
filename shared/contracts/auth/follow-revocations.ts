import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { revocationSubject, RevocationNoticeSchema, type RevocationNotice } from './revocation';

/**
 * Follows auth's revocation notices (`auth.revoked` behind `prefix`). A service that caches token
 * answers drops them in `onNotice` (a logged-out token must stop working at once, not when its
 * cache entry expires); the edge also ends the sessions that used them. Malformed notices are dropped.
 */
export function followRevocations(nc: NatsConnection, prefix: string, logger: Logger, onNotice: (notice: RevocationNotice) => void): Subscription {
  const subject = revocationSubject(prefix);
  return nc.subscribe(subject, { callback: guarded(logger, subject, (msg) => onNotice(RevocationNoticeSchema.parse(msg.json()))) });
}
