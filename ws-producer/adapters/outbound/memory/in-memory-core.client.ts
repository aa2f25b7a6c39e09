import { PublicError } from '#kernel/errors/error-kind';
import { directParticipants } from '#contracts/chat/rooms';
import type { JoinAnswer } from '#contracts/chat/core-api';
import type { Message } from '#contracts/chat/ws-frames';
import type { CoreClientPort } from '../../../application/ports/core-client.port';

type Visibility = 'public' | 'private' | 'event';

interface FakeRoom {
  visibility: Visibility | 'direct';
  members: Set<string>;
  messages: Message[];
}

/**
 * The messaging core as the edge sees it, in memory, with the core's room rules (the contract
 * suite holds it to the real core): public rooms for anyone signed in, private and `dm:` rooms
 * for members, `event:` rooms readable by all and written by nobody, guests read public and
 * event rooms only. Rooms exist once added (an event room: once ticketing created its event),
 * but for a `dm:` room, which its participants' first use makes. Records the fire-and-forget
 * calls; can be told the core is away.
 */
export class InMemoryCoreClient implements CoreClientPort {
  private readonly rooms = new Map<string, FakeRoom>();
  readonly leaves: { room: string; userId: string; connectionId: string }[] = [];
  readonly refreshed: { room: string; userId: string; connectionId: string }[][] = [];
  readonly reads = new Map<string, number>();
  /** Calls that reached the core, by method (authorize answers from its cache are not calls). */
  readonly calls: string[] = [];
  private readonly authorized = new Set<string>();
  /** While set, every request fails like an unreachable core. */
  unavailable = false;

  addRoom(name: string, visibility: Visibility, members: string[] = []): void {
    this.rooms.set(name, { visibility, members: new Set(members), messages: [] });
  }

  /** Stores a message the way the core numbers them (seq = the room's next). */
  store(room: string, senderId: string, body = 'hello'): Message {
    const target = this.rooms.get(room) ?? this.direct(room, senderId);
    if (!target) throw new Error(`no room ${room}`);
    const seq = target.messages.length + 1;
    const message = { message_id: `m-${room}-${seq}`, room, seq, sender_id: senderId, body, client_msg_id: `c-${seq}`, created_at: new Date().toISOString() };
    target.messages.push(message);
    return message;
  }

  removeMember(room: string, userId: string): void {
    this.rooms.get(room)?.members.delete(userId);
  }

  async join(request: { room: string; userId: string | null; connectionId: string; sinceSeq?: number; recoveryMax: number }): Promise<JoinAnswer> {
    const room = this.readable('join', request.room, request.userId);
    const lastSeq = room.messages.length;
    const missing = request.sinceSeq === undefined ? 0 : Math.max(0, lastSeq - request.sinceSeq);
    const recovered = missing <= request.recoveryMax;
    const missed = request.sinceSeq === undefined || !recovered ? [] : room.messages.slice(request.sinceSeq);
    return { room: request.room, last_seq: lastSeq, recovered, missed };
  }

  async history(request: { room: string; userId: string | null; afterSeq: number; upToSeq: number }): Promise<Message[]> {
    const room = this.readable('history', request.room, request.userId);
    return room.messages.filter((m) => m.seq > request.afterSeq && m.seq <= request.upToSeq);
  }

  async authorize(room: string, userId: string): Promise<void> {
    const key = `${userId}|${room}`;
    if (this.authorized.has(key)) return;
    const target = this.find('authorize', room, userId);
    if (target.visibility === 'event') throw new PublicError('forbidden', `room ${room} is read-only`);
    if (target.visibility !== 'public' && !target.members.has(userId)) throw new PublicError('forbidden', `you may not post to room ${room}`);
    this.authorized.add(key);
  }

  forgetAuthorization(room: string, userId: string): void {
    this.authorized.delete(`${userId}|${room}`);
  }

  async markRead(request: { room: string; userId: string; seq: number }): Promise<{ room: string; seq: number }> {
    const room = this.readable('markRead', request.room, request.userId);
    const key = `${request.userId}|${request.room}`;
    const seq = Math.max(this.reads.get(key) ?? 0, Math.min(request.seq, room.messages.length));
    this.reads.set(key, seq);
    return { room: request.room, seq };
  }

  left(entry: { room: string; userId: string; connectionId: string }): void {
    this.leaves.push(entry);
  }

  refreshPresence(entries: { room: string; userId: string; connectionId: string }[]): void {
    this.refreshed.push(entries);
  }

  private readable(method: string, name: string, userId: string | null): FakeRoom {
    const room = this.find(method, name, userId);
    const open = room.visibility === 'public' || room.visibility === 'event';
    if (!open && (userId === null || !room.members.has(userId))) throw new PublicError('forbidden', `you may not read room ${name}`);
    return room;
  }

  /** Counts the call, then finds the room (a call to a core that is away fails first). */
  private find(method: string, name: string, userId: string | null): FakeRoom {
    if (this.unavailable) throw new PublicError('unavailable', 'messaging core unavailable (no responders)');
    this.calls.push(method);
    const room = this.rooms.get(name) ?? (userId === null ? undefined : this.direct(name, userId));
    if (!room) throw new PublicError('not_found', `no room ${name}`);
    return room;
  }

  /** A `dm:` room comes into being when one of its two participants first uses it. */
  private direct(name: string, userId: string): FakeRoom | undefined {
    const pair = directParticipants(name);
    if (!pair || !pair.includes(userId) || pair[0] === pair[1]) return undefined;
    const room: FakeRoom = { visibility: 'direct', members: new Set(pair), messages: [] };
    this.rooms.set(name, room);
    return room;
  }
}
