import fc from 'fast-check';
import type { Message } from '#contracts/chat/ws-frames';
import { RoomCursors } from './room-cursors';

const message = (seq: number, room = 'general'): Message => ({ message_id: `m${seq}`, room, seq, sender_id: '1', body: `b${seq}`, client_msg_id: `c${seq}`, created_at: '2026-12-03T00:00:00.000Z' });
const answer = (last_seq: number, missed: number[], recovered = true) => ({ room: 'general', last_seq, recovered, missed: missed.map((seq) => message(seq)) });

describe('RoomCursors', () => {
  it('starts a first join at the room last seq: older live copies are dropped, newer ones delivered', () => {
    const cursors = new RoomCursors();
    const got: number[] = [];
    cursors.joining('general');
    cursors.arrived(message(4), (m) => got.push(m.seq));
    cursors.arrived(message(6), (m) => got.push(m.seq));
    expect(got).toEqual([]); // held until the answer
    expect(cursors.joined('general', answer(5, []), (m) => got.push(m.seq))).toBe(true);
    expect(got).toEqual([6]);
    expect(cursors.rooms()).toEqual(['general']);
  });

  it('a resumed join delivers missed then held messages once, in seq order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.integer({ min: 0, max: 60 })), (delivered, missedCount, liveNoise) => {
        const cursors = new RoomCursors();
        const got: number[] = [];
        const deliver = (m: Message) => got.push(m.seq);
        cursors.joining('general');
        cursors.joined('general', answer(delivered, []), deliver);
        cursors.joining('general');
        const last = delivered + missedCount;
        // Live copies, duplicates and old ones arrive around the join's answer.
        for (const seq of liveNoise) cursors.arrived(message(Math.min(seq, last + 5)), deliver);
        const missed = Array.from({ length: missedCount }, (_, i) => delivered + 1 + i);
        cursors.joined('general', answer(last, missed), deliver);
        for (const seq of [...missed, last + 1]) cursors.arrived(message(seq), deliver);
        expect(got).toEqual([...new Set(got)].sort((a, b) => a - b)); // increasing: each once, in order
        expect(got.filter((seq) => seq > delivered && seq <= last)).toEqual(missed);
        expect(got.every((seq) => seq > delivered)).toBe(true);
        expect(got[got.length - 1]).toBe(Math.max(last + 1, ...liveNoise.map((seq) => Math.min(seq, last + 5))));
      }),
    );
  });

  it('reports a join the edge could not recover and continues from its last seq', () => {
    const cursors = new RoomCursors();
    const got: number[] = [];
    cursors.joining('general');
    cursors.joined('general', answer(3, []), (m) => got.push(m.seq));
    cursors.joining('general');
    expect(cursors.joined('general', answer(900, [], false), (m) => got.push(m.seq))).toBe(false);
    cursors.arrived(message(900), (m) => got.push(m.seq));
    cursors.arrived(message(901), (m) => got.push(m.seq));
    expect(got).toEqual([901]);
    expect(cursors.last('general')).toBe(901);
  });

  it('a failed join delivers what it held; a forgotten room is not rejoined', () => {
    const cursors = new RoomCursors();
    const got: number[] = [];
    cursors.joining('general');
    cursors.arrived(message(2), (m) => got.push(m.seq));
    cursors.abandoned('general', (m) => got.push(m.seq));
    expect(got).toEqual([2]);
    expect(cursors.rooms()).toEqual([]);
    cursors.joining('general');
    cursors.joined('general', answer(2, []), () => undefined);
    cursors.forget('general');
    expect(cursors.rooms()).toEqual([]);
    expect(cursors.last('general')).toBeUndefined();
  });
});
