/** Turns a frame's JSON text into the bytes one transport writes (a WebSocket frame, an SSE event, whose `id:` is the seq). */
export interface FrameEncoder {
  encode(data: Uint8Array | string, seq: number): Uint8Array;
}

/**
 * One frame bound for many sessions: its JSON text as the core serialised it, and that text
 * encoded once per transport, so a delivery to a thousand sockets is encoded once, not a
 * thousand times. `seq` is the message's room seq (a post's feed seq); 0 for unsequenced frames
 * (typing, presence, notifications).
 */
export class Delivery {
  private encoder: FrameEncoder | undefined;
  private encoded: Uint8Array | undefined;
  /** Encodings for further transports; rare (a room with WebSocket and SSE sessions). */
  private others: Map<FrameEncoder, Uint8Array> | undefined;

  constructor(
    readonly data: Uint8Array | string,
    readonly seq = 0,
  ) {}

  /** The frame as `encoder` writes it, encoded on first use. */
  encodedWith(encoder: FrameEncoder): Uint8Array {
    if (this.encoder === encoder) return this.encoded as Uint8Array;
    if (this.encoder === undefined) {
      this.encoder = encoder;
      return (this.encoded = encoder.encode(this.data, this.seq));
    }
    this.others ??= new Map();
    let bytes = this.others.get(encoder);
    if (!bytes) this.others.set(encoder, (bytes = encoder.encode(this.data, this.seq)));
    return bytes;
  }
}
