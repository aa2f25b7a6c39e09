import type { JoinAnswer, Message } from '#contracts/chat/ws-frames';

interface Cursor {
  /** The seq of the last message delivered. */
  last?: number;
  /** Live messages that arrived while a join was on its way: delivered after its `missed`. */
  buffer?: Message[];
  /** Joined by the application: rejoined (with since_seq) after every reconnect. */
  joined: boolean;
}

/**
 * Where each room's delivery stands, so that every message reaches the application once and in
 * seq order whatever the reconnects: a message at or below the last delivered seq is a duplicate.
 */
export class RoomCursors {
  private readonly cursors = new Map<string, Cursor>();

  last(room: string): number | undefined {
    return this.cursors.get(room)?.last;
  }

  /** Rooms to rejoin after a reconnect. */
  rooms(): string[] {
    return [...this.cursors].filter(([, cursor]) => cursor.joined).map(([room]) => room);
  }

  /** A join is on its way: hold the room's live messages until its answer. */
  joining(room: string): void {
    this.cursor(room).buffer ??= [];
  }

  /** The join's answer: its missed messages, then the held ones. False when the edge could not recover. */
  joined(room: string, answer: JoinAnswer, deliver: (message: Message) => void): boolean {
    const cursor = this.cursor(room);
    const resumed = cursor.last !== undefined;
    const held = cursor.buffer ?? [];
    cursor.buffer = undefined;
    cursor.joined = true;
    // A first join (or one the edge could not recover) starts at the room's last seq.
    if (!resumed || !answer.recovered) cursor.last = Math.max(cursor.last ?? 0, answer.last_seq);
    for (const message of [...answer.missed, ...held].sort((a, b) => a.seq - b.seq)) this.offer(cursor, message, deliver);
    cursor.last = Math.max(cursor.last ?? 0, answer.last_seq);
    return answer.recovered || !resumed;
  }

  /** The join failed: deliver what was held (nothing more comes for the room). */
  abandoned(room: string, deliver: (message: Message) => void): void {
    const cursor = this.cursors.get(room);
    if (!cursor?.buffer) return;
    const held = cursor.buffer;
    cursor.buffer = undefined;
    for (const message of held) this.offer(cursor, message, deliver);
  }

  arrived(message: Message, deliver: (message: Message) => void): void {
    const cursor = this.cursor(message.room);
    if (cursor.buffer) return void cursor.buffer.push(message);
    this.offer(cursor, message, deliver);
  }

  forget(room: string): void {
    this.cursors.delete(room);
  }

  private offer(cursor: Cursor, message: Message, deliver: (message: Message) => void): void {
    if (message.seq <= (cursor.last ?? 0)) return;
    cursor.last = message.seq;
    deliver(message);
  }

  private cursor(room: string): Cursor {
    let cursor = this.cursors.get(room);
    if (!cursor) this.cursors.set(room, (cursor = { joined: false }));
    return cursor;
  }
}
