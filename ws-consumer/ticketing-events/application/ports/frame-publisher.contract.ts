import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { TicketingFrame } from '#contracts/ticketing/ticketing-events';
import type { FramePublisherPort } from './frame-publisher.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by the *.test.ts files beside each adapter.

/** A frame as an edge writes it to a socket. */
export interface SeenFrame {
  type: string;
  payload: Record<string, unknown>;
}

/** What the edges could have seen of everything one publisher sent, in arrival order per target. */
export interface SeenByEdges {
  /** Frames for the edges that hold each user's sockets (users that got nothing are absent). */
  users: Record<string, SeenFrame[]>;
  /** Frames for the edges that hold each room's sockets (rooms that got nothing are absent). */
  rooms: Record<string, SeenFrame[]>;
}

export interface FramePublisherSubject {
  publisher: FramePublisherPort;
  /** What the edges have seen of everything `publisher` sent before this call (a real transport waits until all of it arrived). */
  observed(): Promise<SeenByEdges>;
  cleanup?: () => Promise<void>;
}

const toUser = (user: string, type: string, payload: Record<string, unknown>): TicketingFrame => ({ target: { user }, type, payload });
const toRoom = (room: string, type: string, payload: Record<string, unknown>): TicketingFrame => ({ target: { room }, type, payload });

/** The behaviour every FramePublisherPort adapter must have, in terms of what the edges see. */
export function describeFramePublisherContract(name: string, makeSubject: () => Promise<FramePublisherSubject>): void {
  describe(`FramePublisherPort contract: ${name}`, () => {
    let subject: FramePublisherSubject;

    beforeEach(async () => {
      subject = await makeSubject();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('sends a user frame to that user’s sockets only, as {type, payload}', async () => {
      subject.publisher.publish(toUser('42', 'booking:confirmed', { booking_id: 'b', seat_numbers: ['A1'], note: 'quote " and\nnewline ✓' }));
      expect(await subject.observed()).toEqual({ users: { '42': [{ type: 'booking:confirmed', payload: { booking_id: 'b', seat_numbers: ['A1'], note: 'quote " and\nnewline ✓' } }] }, rooms: {} });
    });

    it('sends a room frame to that room’s sockets only', async () => {
      const room = 'event:6f1c1c64-5f4e-4a8e-9d43-0c7f3b1e2a10';
      subject.publisher.publish(toRoom(room, 'ticket:availability', { event_id: room.slice(6), available: 3, seats: [{ id: 's', status: 'held' }] }));
      expect(await subject.observed()).toEqual({ users: {}, rooms: { [room]: [{ type: 'ticket:availability', payload: { event_id: room.slice(6), available: 3, seats: [{ id: 's', status: 'held' }] } }] } });
    });

    it('keeps call order: each target sees its frames in the order they were sent', async () => {
      const expected: SeenByEdges = { users: { '1': [], '2': [] }, rooms: { 'event:x': [] } };
      for (let i = 0; i < 600; i++) {
        const frame = i % 3 === 2 ? toRoom('event:x', 'ticket:availability', { i }) : toUser(String((i % 3) + 1), 'booking:queue_position', { i });
        subject.publisher.publish(frame);
        ('user' in frame.target ? expected.users[frame.target.user] : expected.rooms[frame.target.room]).push({ type: frame.type, payload: frame.payload });
      }
      expect(await subject.observed()).toEqual(expected);
    });
  });
}
