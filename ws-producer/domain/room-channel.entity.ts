import type { Delivery } from './delivery';
import { RoomSequencer } from './room-sequencer';

/** Whoever receives a room's deliveries on this edge: a client session of any transport. */
export interface Recipient {
  /** Writes one delivery; false when it was not written (closed, or cut for its backlog). */
  deliver(delivery: Delivery): boolean;
}

/** A member's place in the room's stream. */
interface Membership {
  /** Deliveries that arrived while its join was being answered; written after the join reply. */
  pending: Delivery[] | undefined;
  /** Highest seq written to it. */
  lastSeq: number;
}

/**
 * One room as this edge holds it: its members and the room's sequencer. Deliveries from several
 * cores may arrive out of order, twice or not at all; each member gets every seq once and in
 * order, and a member that is joining gets, after its join reply, exactly the seqs after the
 * last_seq that reply carried (Centrifugo's rule: subscribe first, then read the position).
 */
export class RoomChannel<R extends Recipient> {
  private readonly members = new Map<R, Membership>();
  private readonly sequencer = new RoomSequencer<Delivery>();
  /** Set once the last member left: the channel is no longer this edge's, repairs stop. */
  closed = false;

  constructor(readonly room: string) {}

  get size(): number {
    return this.members.size;
  }

  has(recipient: R): boolean {
    return this.members.has(recipient);
  }

  recipients(): IterableIterator<R> {
    return this.members.keys();
  }

  /** Adds a joining member: what arrives from now on waits for its join reply. Returns its membership (compare it to tell a later rejoin apart). */
  add(recipient: R): object {
    const membership: Membership = { pending: [], lastSeq: 0 };
    this.members.set(recipient, membership);
    return membership;
  }

  /** True while `recipient` is still in the room with this membership (not left or rejoined meanwhile). */
  holds(recipient: R, membership: object): boolean {
    return this.members.get(recipient) === membership;
  }

  /** Removes a member; true when the room has no member left here (then it is closed). */
  remove(recipient: R): boolean {
    this.members.delete(recipient);
    if (this.members.size > 0) return false;
    this.closed = true;
    return true;
  }

  /**
   * The core answered a join with the room's last seq. The first answer starts the sequencer
   * there (held deliveries after it are released); later ones change nothing.
   */
  start(lastSeq: number): number {
    return this.release(this.sequencer.start(lastSeq));
  }

  /**
   * What a member joining at `lastSeq` still misses: the seqs the room released before this
   * member's buffer began (two sockets joining a new room at once: the room moved on from the
   * other's snapshot). Undefined in the usual case, when nothing is missing.
   */
  missedBy(recipient: R, lastSeq: number): { after: number; upTo: number } | undefined {
    const membership = this.members.get(recipient);
    const released = this.sequencer.lastSeq ?? lastSeq;
    // Whatever was released after this member was added is buffered for it already (in order).
    const firstBuffered = membership?.pending?.find((d) => d.seq > lastSeq)?.seq ?? released + 1;
    const upTo = Math.min(released, firstBuffered - 1);
    return upTo > lastSeq ? { after: lastSeq, upTo } : undefined;
  }

  /** Puts fetched deliveries (the `missedBy` range) in front of what the joining member has buffered. */
  prepend(recipient: R, fetched: Delivery[]): void {
    const membership = this.members.get(recipient);
    if (membership?.pending) membership.pending = [...fetched, ...membership.pending].sort((a, b) => a.seq - b.seq);
  }

  /** After the join reply (which carried everything up to `lastSeq`): writes what waited, then goes live. */
  activate(recipient: R, lastSeq: number): void {
    const membership = this.members.get(recipient);
    if (!membership?.pending) return;
    const pending = membership.pending;
    membership.pending = undefined;
    membership.lastSeq = lastSeq;
    for (const delivery of pending) {
      if (delivery.seq <= membership.lastSeq) continue; // already in the join reply
      membership.lastSeq = delivery.seq;
      recipient.deliver(delivery);
    }
  }

  /** Takes stored messages (in any order, repeats allowed); returns how many writes they made. */
  receive(deliveries: Iterable<Delivery>): number {
    let written = 0;
    for (const delivery of deliveries) written += this.release(this.sequencer.accept(delivery.seq, delivery));
    return written;
  }

  /** An unsequenced frame (typing, presence, read markers, notifications) goes to every live member at once. */
  broadcast(delivery: Delivery): number {
    let written = 0;
    for (const [recipient, membership] of this.members) if (!membership.pending && recipient.deliver(delivery)) written++;
    return written;
  }

  /** The missing range (after, upTo] that holds later deliveries back, if any. */
  gap(): { after: number; upTo: number } | undefined {
    return this.sequencer.gap();
  }

  /** Writes released deliveries to every member once, in order; joining members buffer them. */
  private release(deliveries: Delivery[]): number {
    let written = 0;
    for (const delivery of deliveries) {
      for (const [recipient, membership] of this.members) {
        if (membership.pending) membership.pending.push(delivery);
        else if (delivery.seq > membership.lastSeq) {
          membership.lastSeq = delivery.seq;
          if (recipient.deliver(delivery)) written++;
        }
      }
    }
    return written;
  }
}
