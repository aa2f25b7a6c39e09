/**
 * The deliveries of one room from one persisted batch travel as one core-NATS message: the
 * `message:new` frames joined by "\n" (serialised JSON never holds a raw newline) with their seqs,
 * in the same order, comma-separated in the SEQ_HEADER. One publish, one routing and one callback
 * per room and batch instead of per message. A pack stays under PACK_MAX_BYTES, well below the
 * NATS payload limit; a larger batch becomes several packs.
 */

export interface SequencedFrame {
  seq: number;
  frame: string;
}

export interface DeliveryPack {
  /** The SEQ_HEADER value: the seqs, comma-separated, in frame order. */
  seqs: string;
  data: string;
}

export const PACK_MAX_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

/** Packs frames (in seq order) into as few packs as PACK_MAX_BYTES allows. */
export function packDeliveries(frames: SequencedFrame[]): DeliveryPack[] {
  const packs: DeliveryPack[] = [];
  let seqs: number[] = [];
  let parts: string[] = [];
  let bytes = 0;
  for (const { seq, frame } of frames) {
    const size = Buffer.byteLength(frame) + 1;
    if (parts.length > 0 && bytes + size > PACK_MAX_BYTES) {
      packs.push({ seqs: seqs.join(','), data: parts.join('\n') });
      seqs = [];
      parts = [];
      bytes = 0;
    }
    seqs.push(seq);
    parts.push(frame);
    bytes += size;
  }
  if (parts.length > 0) packs.push({ seqs: seqs.join(','), data: parts.join('\n') });
  return packs;
}

/** Splits a pack back into its frames (`make` builds each from a view of its bytes, not a copy, and its seq). Throws on a malformed pack. */
export function unpackDeliveries<T>(seqs: string, data: Uint8Array, make: (frame: Uint8Array, seq: number) => T): T[] {
  const list = seqs.split(',').map(Number);
  const deliveries: T[] = [];
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const last = i === list.length - 1;
    const newline = data.indexOf(NEWLINE, start);
    const end = last ? data.length : newline;
    if (!Number.isSafeInteger(list[i]) || list[i] < 1 || end <= start || (last && newline !== -1)) {
      throw new Error(`malformed delivery pack: ${list.length} seqs, ${data.length} bytes`);
    }
    deliveries.push(make(data.subarray(start, end), list[i]));
    start = end + 1;
  }
  return deliveries;
}
