/** How many seqs are remembered per room, and for how many rooms (the most recent ones). */
const REMEMBERED = 512;
const ROOMS = 64;

/**
 * The recent seqs written per room, to drop exact repeats where no order is kept (a user's direct
 * messages on a socket that has not joined the `dm:` room). A high-water mark would drop late
 * ones: deliveries from several cores may arrive out of order.
 */
export class SeenSeqs {
  private readonly rooms = new Map<string, Set<number>>();

  /** True the first time `seq` of `room` is seen. */
  firstSight(room: string, seq: number): boolean {
    let seen = this.rooms.get(room);
    if (!seen) {
      this.rooms.set(room, (seen = new Set()));
      if (this.rooms.size > ROOMS) this.rooms.delete(this.rooms.keys().next().value as string);
    }
    if (seen.has(seq)) return false;
    seen.add(seq);
    if (seen.size > REMEMBERED) seen.delete(seen.values().next().value as number);
    return true;
  }
}
