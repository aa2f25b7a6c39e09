/** Per-room last delivered seq: accept only seq > last. */
export class SeqTracker {
  private readonly last = new Map<string, number>();
  get(room: string): number | undefined { return this.last.get(room); }
  accept(room: string, seq: number): boolean {
    const prev = this.last.get(room) ?? 0;
    if (seq <= prev) return false;
    this.last.set(room, seq);
    return true;
  }
}
/** Exponential backoff with full jitter. */
export function backoffMs(attempt: number, initialMs = 250, maxMs = 10000, random = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, initialMs * 2 ** attempt));
}
export function dmRoom(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}
