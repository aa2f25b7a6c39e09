import { RoomSequencer } from './room-sequencer';

describe('RoomSequencer', () => {
  it('holds deliveries until started, then releases those after the start in order', () => {
    const s = new RoomSequencer<string>();
    expect(s.accept(6, 'f')).toEqual([]);
    expect(s.accept(5, 'e')).toEqual([]);
    expect(s.accept(4, 'd')).toEqual([]);
    expect(s.start(4)).toEqual(['e', 'f']);
    expect(s.lastSeq).toBe(6);
  });

  it('reorders, drops duplicates and old ones, and names the gap', () => {
    const s = new RoomSequencer<number>();
    s.start(0);
    expect(s.accept(1, 1)).toEqual([1]);
    expect(s.accept(3, 3)).toEqual([]);
    expect(s.accept(5, 5)).toEqual([]);
    expect(s.gap()).toEqual({ after: 1, upTo: 2 });
    expect(s.accept(1, 1)).toEqual([]);
    expect(s.accept(2, 2)).toEqual([2, 3]);
    expect(s.gap()).toEqual({ after: 3, upTo: 4 });
    expect(s.accept(4, 4)).toEqual([4, 5]);
    expect(s.gap()).toBeUndefined();
    expect(s.accept(3, 3)).toEqual([]);
  });

  it('a second start does not move the position', () => {
    const s = new RoomSequencer<number>();
    s.start(10);
    expect(s.start(3)).toEqual([]);
    expect(s.accept(11, 11)).toEqual([11]);
  });

  it('releases 1,000 shuffled deliveries exactly once each, in order', () => {
    const s = new RoomSequencer<number>();
    s.start(0);
    const seqs = Array.from({ length: 1000 }, (_, i) => i + 1);
    for (let i = seqs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [seqs[i], seqs[j]] = [seqs[j], seqs[i]];
    }
    const released = seqs.flatMap((seq) => [...s.accept(seq, seq), ...s.accept(seq, seq)]);
    expect(released).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });
});
