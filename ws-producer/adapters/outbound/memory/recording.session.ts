import type { Delivery } from '../../../domain/delivery';
import { Session, type EndReason, type FeedResetReason, type Transport } from '../../../application/session';

export interface Frame {
  type: string;
  id?: string;
  payload?: Record<string, unknown>;
}

const text = new TextDecoder();

/** A session whose transport records every frame written to it, in order (use-case tests). */
export class RecordingSession extends Session {
  readonly frames: Frame[] = [];
  ended: { reason: EndReason; message: string } | undefined;

  constructor(
    id: string,
    readonly transport: Transport = 'websocket',
  ) {
    super(id);
  }

  deliver(delivery: Delivery): boolean {
    if (this.closed) return false;
    this.frames.push(JSON.parse(typeof delivery.data === 'string' ? delivery.data : text.decode(delivery.data)));
    return true;
  }

  /** Records a post as `{type: 'post', payload: {seq, post}}`. */
  deliverPost(delivery: Delivery): boolean {
    if (this.closed) return false;
    this.frames.push({ type: 'post', payload: { seq: delivery.seq, post: JSON.parse(typeof delivery.data === 'string' ? delivery.data : text.decode(delivery.data)) } });
    return true;
  }

  resetFeed(reason: FeedResetReason): void {
    this.sendFrame('feed:reset', { reason });
  }

  sendFrame(type: string, payload?: object, id?: string): boolean {
    if (this.closed) return false;
    this.frames.push({ type, id, payload: payload as Record<string, unknown> | undefined });
    return true;
  }

  /** The seqs of the `message:new` frames written, in order. */
  seqs(room?: string): number[] {
    return this.frames.filter((f) => f.type === 'message:new' && (room === undefined || f.payload?.room === room)).map((f) => f.payload?.seq as number);
  }

  /** The feed seqs of the posts written, in order. */
  postSeqs(): number[] {
    return this.frames.filter((f) => f.type === 'post').map((f) => f.payload?.seq as number);
  }

  protected close(reason: EndReason, message: string): void {
    this.ended = { reason, message };
  }
}
