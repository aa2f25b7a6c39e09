import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { revocationSubject, RevocationNoticeSchema, type RevocationNotice } from './revocation';

/**
 * Follows auth's revocation notices (`auth.revoked` behind `prefix`): the verifier drops what it cached for the token
 * or session (a logged-out token must stop working at once, not when its cache entry expires),
 * then `onRevoked` acts on it (the edge closes the affected sockets). Malformed notices are dropped.
 */
export function followRevocations(nc: NatsConnection, prefix: string, verifier: { forget(notice: RevocationNotice): void }, logger: Logger, onRevoked?: (notice: RevocationNotice) => void): Subscription {
  const subject = revocationSubject(prefix);
  return nc.subscribe(subject, {
    callback: guarded(logger, subject, (msg) => {
      const notice = RevocationNoticeSchema.parse(msg.json());
      verifier.forget(notice);
      onRevoked?.(notice);
    }),
  });
}
