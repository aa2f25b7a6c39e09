import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { ROOM_HEADER, SEQ_HEADER, type ChatNames } from '#contracts/chat/chat-subjects';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { unpackDeliveries } from '#contracts/chat/delivery-pack';
import { RoomSequencer } from '../../../domain/room-sequencer';
import type { CoreClientPort, JoinAnswer } from '../../../application/ports/core-client.port';
import type { Connection } from './connection';
import { encodeTextFrame } from './text-frame';

/** How long a missing seq may hold later ones back before it is fetched from the store. */
const GAP_WAIT_MS = 250;

interface Delivery {
  seq: number;
  data: Uint8Array | string;
  /** `data` as a WebSocket frame, encoded on its first write and reused for every other socket. */
  frame?: Buffer;
}

const frameOf = (delivery: Delivery): Buffer => (delivery.frame ??= encodeTextFrame(delivery.data));

interface Member {
  /** Frames that arrived while the join was being answered; flushed after the join reply. */
  pending: Delivery[] | undefined;
  /** Highest seq written to this socket. */
  lastSeq: number;
}

/** The sockets of one room on this edge and its delivery subscription. */
class RoomChannel {
  readonly members = new Map<Connection, Member>();
  readonly sequencer = new RoomSequencer<Delivery>();
  subscription: Subscription | undefined;
  /** Resolves once the server has the subscription (a join must not read last_seq before). */
  ready: Promise<void> = Promise.resolve();
  repairTimer: NodeJS.Timeout | undefined;
  repairing = false;

  constructor(readonly room: string) {}

  /** Writes a released delivery to every member, once, in order. */
  release(deliveries: Delivery[]): number {
    let written = 0;
    for (const delivery of deliveries) {
      for (const [connection, member] of this.members) {
        if (member.pending) member.pending.push(delivery);
        else if (delivery.seq > member.lastSeq) {
          member.lastSeq = delivery.seq;
          if (connection.sendEncoded(frameOf(delivery))) written++;
        }
      }
    }
    return written;
  }

  /** Unsequenced frames (typing, presence, read markers, ticketing events) go out at once. */
  broadcast(data: Uint8Array): number {
    let written = 0;
    let frame: Buffer | undefined;
    for (const [connection, member] of this.members) if (!member.pending && connection.sendEncoded((frame ??= encodeTextFrame(data)))) written++;
    return written;
  }
}

export interface HubMetrics {
  delivered(type: string, count: number): void;
}

/**
 * Interest-based delivery: this edge subscribes to `deliver.room.<room>` while one of its sockets
 * is in the room, and to `deliver.user.<id>` while one of its sockets belongs to the user.
 */
export class RoomHub {
  private readonly channels = new Map<string, RoomChannel>();
  private readonly users = new Map<string, { connections: Set<Connection>; subscription: Subscription }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly core: CoreClientPort,
    private readonly recoveryMax: number,
    private readonly metrics: HubMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * Joins a socket to a room with Centrifugo's rule: subscribe first, then ask the core for the
   * missed messages up to its last seq, then write the reply and the live messages after it: no
   * gap, no duplicate.
   */
  async join(connection: Connection, room: string, sinceSeq: number | undefined): Promise<JoinAnswer> {
    const channel = await this.channelFor(room);
    if (connection.closed) throw new Error('connection closed during join');
    const member: Member = { pending: [], lastSeq: 0 };
    channel.members.set(connection, member);
    try {
      const answer = await this.core.join({ room, userId: connection.userId, connectionId: connection.id, sinceSeq, recoveryMax: this.recoveryMax });
      if (connection.closed || channel.members.get(connection) !== member) throw new Error('connection left during join');
      channel.release(channel.sequencer.start(answer.last_seq));
      await this.catchUp(channel, member, connection.userId, answer.last_seq);
      connection.rooms.add(room);
      return answer;
    } catch (error) {
      if (channel.members.get(connection) === member) this.removeMember(channel, connection);
      throw error;
    }
  }

  /**
   * Two sockets joining a new room at once: the room may already have released seqs past this
   * socket's snapshot (they were dropped as "before the start" of the other socket's snapshot).
   * Those are fetched so this socket's stream still continues right after its last_seq.
   */
  private async catchUp(channel: RoomChannel, member: Member, userId: string | null, lastSeq: number): Promise<void> {
    const released = channel.sequencer.lastSeq ?? lastSeq;
    // Whatever was released after this socket was added is buffered for it already (in order):
    // only the seqs before the first of those can be missing. In the usual case, none are.
    const firstBuffered = member.pending?.find((d) => d.seq > lastSeq)?.seq ?? released + 1;
    const upTo = Math.min(released, firstBuffered - 1);
    if (upTo <= lastSeq) return;
    const missed = await this.core.history({ room: channel.room, userId, afterSeq: lastSeq, upToSeq: upTo });
    const fetched = missed.map((m) => ({ seq: m.seq, data: messageNewFrame(m) }));
    member.pending = [...fetched, ...(member.pending ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** Called after the join reply is written: the frames that arrived meanwhile follow it. */
  activate(connection: Connection, room: string, lastSeq: number): void {
    const member = this.channels.get(room)?.members.get(connection);
    if (!member?.pending) return;
    const pending = member.pending;
    member.pending = undefined;
    member.lastSeq = lastSeq;
    for (const delivery of pending) {
      if (delivery.seq <= member.lastSeq) continue; // already in the join reply
      member.lastSeq = delivery.seq;
      connection.sendEncoded(frameOf(delivery));
    }
  }

  /** Takes a socket out of a room; `rejoining` keeps its presence (a join with since_seq follows). */
  leave(connection: Connection, room: string, rejoining = false): boolean {
    const channel = this.channels.get(room);
    if (!channel?.members.has(connection)) return false;
    this.removeMember(channel, connection);
    connection.rooms.delete(room);
    if (connection.userId !== null && !rejoining) this.core.left({ room, userId: connection.userId, connectionId: connection.id });
    return true;
  }

  /** Subscribes to the user's deliveries when their first socket on this edge signs in. */
  addUser(connection: Connection): void {
    const userId = connection.userId;
    if (userId === null) return;
    let entry = this.users.get(userId);
    if (!entry) {
      const subject = this.names.deliverUser(userId);
      const subscription = this.nc.subscribe(subject, { callback: guarded(this.logger, subject, (msg) => this.onUserDelivery(userId, msg)) });
      entry = { connections: new Set(), subscription };
      this.users.set(userId, entry);
    }
    entry.connections.add(connection);
  }

  /** Everything a closing socket leaves behind. */
  disconnect(connection: Connection): void {
    for (const room of [...connection.rooms]) this.leave(connection, room);
    const userId = connection.userId;
    const entry = userId === null ? undefined : this.users.get(userId);
    if (entry && userId !== null) {
      entry.connections.delete(connection);
      if (entry.connections.size === 0) {
        entry.subscription.unsubscribe();
        this.users.delete(userId);
      }
    }
  }

  /** Sockets per room on this edge (for stats and metrics). */
  roomCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [room, channel] of this.channels) counts[room] = channel.members.size;
    return counts;
  }

  /** Presence leases of every joined socket, for the periodic refresh. */
  presenceEntries(): { room: string; userId: string; connectionId: string }[] {
    const entries: { room: string; userId: string; connectionId: string }[] = [];
    for (const [room, channel] of this.channels) {
      for (const connection of channel.members.keys()) if (connection.userId !== null) entries.push({ room, userId: connection.userId, connectionId: connection.id });
    }
    return entries;
  }

  connectionsOf(userId: string): Connection[] {
    return [...(this.users.get(userId)?.connections ?? [])];
  }

  private async channelFor(room: string): Promise<RoomChannel> {
    let channel = this.channels.get(room);
    if (!channel) {
      channel = new RoomChannel(room);
      this.channels.set(room, channel);
      const created = channel;
      const subject = this.names.deliverRoom(room);
      channel.subscription = this.nc.subscribe(subject, { callback: guarded(this.logger, subject, (msg) => this.onRoomDelivery(created, msg)) });
      // The subscription must be registered at the server before the core reads last_seq.
      channel.ready = this.nc.flush();
    }
    await channel.ready;
    return channel;
  }

  private removeMember(channel: RoomChannel, connection: Connection): void {
    channel.members.delete(connection);
    if (channel.members.size > 0) return;
    channel.subscription?.unsubscribe();
    clearTimeout(channel.repairTimer);
    this.channels.delete(channel.room);
  }

  private onRoomDelivery(channel: RoomChannel, msg: Msg): void {
    const seqs = msg.headers?.get(SEQ_HEADER);
    if (!seqs) {
      this.metrics.delivered('event', channel.broadcast(msg.data));
      return;
    }
    let written = 0;
    for (const delivery of unpackDeliveries(seqs, msg.data)) written += channel.release(channel.sequencer.accept(delivery.seq, delivery));
    this.metrics.delivered('message:new', written);
    this.scheduleRepair(channel);
  }

  private scheduleRepair(channel: RoomChannel): void {
    if (!channel.sequencer.gap() || channel.repairTimer || channel.repairing) return;
    channel.repairTimer = setTimeout(() => void this.repair(channel), GAP_WAIT_MS);
    channel.repairTimer.unref();
  }

  /** Fetches the messages that hold the room back (a lost or late delivery) from the store. */
  private async repair(channel: RoomChannel): Promise<void> {
    channel.repairTimer = undefined;
    const gap = channel.sequencer.gap();
    if (!gap || !this.channels.has(channel.room)) return;
    channel.repairing = true;
    try {
      // Asked as one of the room's members here: private rooms refuse anonymous reads.
      const asUser = [...channel.members.keys()].find((c) => c.userId !== null)?.userId ?? null;
      const messages = await this.core.history({ room: channel.room, userId: asUser, afterSeq: gap.after, upToSeq: gap.upTo });
      for (const message of messages) channel.release(channel.sequencer.accept(message.seq, { seq: message.seq, data: messageNewFrame(message) }));
    } catch (error) {
      this.logger.warn({ err: error, room: channel.room, gap }, 'gap repair failed; retrying');
    } finally {
      channel.repairing = false;
      this.scheduleRepair(channel);
    }
  }

  private onUserDelivery(userId: string, msg: Msg): void {
    const connections = this.users.get(userId)?.connections;
    if (!connections) return;
    const room = msg.headers?.get(ROOM_HEADER);
    const seqs = msg.headers?.get(SEQ_HEADER);
    if (!room || !seqs) {
      const frame = encodeTextFrame(msg.data);
      let written = 0;
      for (const connection of connections) if (connection.sendEncoded(frame)) written++;
      this.metrics.delivered('notification', written);
      return;
    }
    let written = 0;
    for (const delivery of unpackDeliveries(seqs, msg.data)) {
      for (const connection of connections) {
        // Joined sockets get the room's ordered stream; the others drop exact repeats (deliveries
        // from several cores may arrive out of order, so a high-water mark would drop late ones).
        if (connection.rooms.has(room) || !connection.firstSightOf(room, delivery.seq)) continue;
        if (connection.sendEncoded(frameOf(delivery))) written++;
      }
    }
    this.metrics.delivered('message:new', written);
  }
}

