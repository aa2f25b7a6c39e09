import type { JoinAnswer } from '#contracts/chat/core-api';
import type { Message } from '#contracts/chat/ws-frames';

export type { JoinAnswer };

/** The messaging core (ws-consumer), reached over NATS request/reply. Failures are PublicErrors. */
export interface CoreClientPort {
  /** Checks read access and returns what a socket joining with `sinceSeq` missed. */
  join(request: { room: string; userId: string | null; connectionId: string; sinceSeq?: number; recoveryMax: number }): Promise<JoinAnswer>;
  /** Stored messages with afterSeq < seq <= upToSeq, oldest first (gap repair). */
  history(request: { room: string; userId: string | null; afterSeq: number; upToSeq: number }): Promise<Message[]>;
  /** Checks that the user may post to the room. A known answer is reused, and kept through outages of the core; only a definite refusal or forgetAuthorization ends it. */
  authorize(room: string, userId: string): Promise<void>;
  /** Forgets cached authorisations of a user for a room (after a removal). */
  forgetAuthorization(room: string, userId: string): void;
  /** Stores a read marker and announces it. */
  markRead(request: { room: string; userId: string; seq: number }): Promise<{ room: string; seq: number }>;
  /** A socket left a room (presence), fire and forget. */
  left(entry: { room: string; userId: string; connectionId: string }): void;
  /** Renews the presence leases of open sockets, fire and forget. */
  refreshPresence(entries: { room: string; userId: string; connectionId: string }[]): void;
}
