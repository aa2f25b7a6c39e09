import type { OutboxPort } from '../../../application/ports/outbox.port';

/** Records the frames the edge sends to rooms and users on every edge. */
export class InMemoryOutbox implements OutboxPort {
  readonly sent: { to: 'room' | 'user'; target: string; type: string; payload: object }[] = [];

  toRoom(room: string, type: string, payload: object): void {
    this.sent.push({ to: 'room', target: room, type, payload });
  }

  toUser(userId: string, type: string, payload: object): void {
    this.sent.push({ to: 'user', target: userId, type, payload });
  }
}
