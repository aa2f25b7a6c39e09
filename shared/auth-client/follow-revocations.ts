import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logging/logger';
import { guarded } from '../nats/nats-connection';
import { RevocationNoticeSchema, type RevocationNotice } from '../messaging/contracts';

/**
 * Follows auth's revocation notices on `subject`: the verifier drops what it cached for the token
 * or session (a logged-out token must stop working at once, not when its cache entry expires),
 * then `onRevoked` acts on it (the edge closes the affected sockets). Malformed notices are dropped.
 */
export function followRevocations(nc: NatsConnection, subject: string, verifier: { forget(notice: RevocationNotice): void }, logger: Logger, onRevoked?: (notice: RevocationNotice) => void): Subscription {
  return nc.subscribe(subject, {
    callback: guarded(logger, subject, (msg) => {
      const notice = RevocationNoticeSchema.parse(msg.json());
      verifier.forget(notice);
      onRevoked?.(notice);
    }),
  });
}
