/**
 * Puts one room's deliveries back into seq order. Deliveries from several core processes can
 * arrive out of order, twice, or not at all; the sequencer releases each seq exactly once and in
 * order, holds later ones while an earlier one is missing, and says which range to repair.
 */
export class RoomSequencer<T> {
  private last: number | undefined;
  private readonly held = new Map<number, T>();

  /** The highest seq released so far; undefined until the first `start`. */
  get lastSeq(): number | undefined {
    return this.last;
  }

  /** Sets the starting point (the room's last seq at the first join); held items at or below it are dropped. */
  start(lastSeq: number): T[] {
    if (this.last !== undefined) return [];
    this.last = lastSeq;
    for (const seq of this.held.keys()) if (seq <= lastSeq) this.held.delete(seq);
    return this.drain();
  }

  /** Accepts one delivery; returns what can now be released, in order. */
  accept(seq: number, item: T): T[] {
    if (this.last !== undefined && seq <= this.last) return [];
    this.held.set(seq, item);
    return this.last === undefined ? [] : this.drain();
  }

  /** The missing range (after, upTo] that holds back released items, or undefined when nothing is missing. */
  gap(): { after: number; upTo: number } | undefined {
    if (this.last === undefined || this.held.size === 0) return undefined;
    return { after: this.last, upTo: Math.min(...this.held.keys()) - 1 };
  }

  private drain(): T[] {
    const released: T[] = [];
    let next = (this.last as number) + 1;
    for (let item = this.held.get(next); item !== undefined; item = this.held.get(next)) {
      released.push(item);
      this.held.delete(next);
      this.last = next;
      next++;
    }
    return released;
  }
}
