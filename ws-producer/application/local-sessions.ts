import { inject, injectable } from 'tsyringe';
import type { EdgeStats } from '#contracts/chat/edge-api';
import type { RevocationNotice } from '#contracts/auth/revocation';
import type { Delivery } from '../domain/delivery';
import type { DeliveryFeedPort, Unfollow } from './ports/delivery-feed.port';
import type { EdgeTelemetryPort } from './ports/edge-telemetry.port';
import type { Session } from './session';
import { DELIVERY_FEED, TELEMETRY } from '../tokens';

interface UserSessions {
  sessions: Set<Session>;
  unfollow: Unfollow;
}

/**
 * The sessions open on this edge, and per user the ones signed in: while a user has a session
 * here, this edge follows the user's own deliveries (direct messages, notifications) and writes
 * them to each of their sessions. One per edge (a singleton of its container).
 */
@injectable()
export class LocalSessions {
  private readonly open = new Set<Session>();
  private readonly users = new Map<string, UserSessions>();

  constructor(
    @inject(DELIVERY_FEED) private readonly feed: DeliveryFeedPort,
    @inject(TELEMETRY) private readonly telemetry: EdgeTelemetryPort,
  ) {}

  opened(session: Session): void {
    this.open.add(session);
    this.telemetry.connections(1, session.transport);
  }

  /** A session signed in for the first time: it gets its user's deliveries from now on. */
  signedIn(session: Session): void {
    const userId = session.userId;
    if (userId === null) return;
    this.telemetry.authenticated(1);
    let user = this.users.get(userId);
    if (!user) {
      const sessions = new Set<Session>();
      const unfollow = this.feed.followUser(userId, {
        messages: (deliveries, room) => this.toUserMessages(sessions, deliveries, room),
        event: (delivery) => this.toUserEvent(sessions, delivery),
      });
      this.users.set(userId, (user = { sessions, unfollow }));
    }
    user.sessions.add(session);
  }

  /** Forgets a closed session; false when it was not open (closed twice). */
  closed(session: Session): boolean {
    if (!this.open.delete(session)) return false;
    this.telemetry.connections(-1, session.transport);
    const userId = session.userId;
    const user = userId === null ? undefined : this.users.get(userId);
    if (user?.sessions.delete(session)) {
      this.telemetry.authenticated(-1);
      if (user.sessions.size === 0) {
        user.unfollow();
        this.users.delete(userId as string);
      }
    }
    return true;
  }

  all(): IterableIterator<Session> {
    return this.open.values();
  }

  ofUser(userId: string): Session[] {
    return [...(this.users.get(userId)?.sessions ?? [])];
  }

  /** Ends every session that uses a revoked token or session; returns how many. */
  revoke(notice: RevocationNotice): number {
    let ended = 0;
    for (const session of this.open) {
      const p = session.principal;
      if (p && ((notice.token_id && p.tokenId === notice.token_id) || (notice.session_id && p.sessionId === notice.session_id))) {
        session.end('revoked', 'token revoked');
        ended++;
      }
    }
    return ended;
  }

  counts(): Pick<EdgeStats, 'connections' | 'authenticated'> {
    let authenticated = 0;
    for (const session of this.open) if (session.principal) authenticated++;
    return { connections: this.open.size, authenticated };
  }

  /** A user's messages: sessions that joined the room get them through the room; the others once each. */
  private toUserMessages(sessions: Set<Session>, deliveries: Delivery[], room: string): void {
    let written = 0;
    for (const delivery of deliveries) {
      for (const session of sessions) if (!session.rooms.has(room) && session.firstSightOf(room, delivery.seq) && session.deliver(delivery)) written++;
    }
    this.telemetry.delivered('message:new', written);
  }

  private toUserEvent(sessions: Set<Session>, delivery: Delivery): void {
    let written = 0;
    for (const session of sessions) if (session.deliver(delivery)) written++;
    this.telemetry.delivered('notification', written);
  }
}
