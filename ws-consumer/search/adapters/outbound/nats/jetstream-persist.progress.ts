import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { PersistProgressPort } from '../../../application/ports/stored-messages.port';

const POLL_MS = 50;

/**
 * Chat's persisting consumer's ack floor on CHAT: every message at or below it was stored or
 * refused (acked, or terminated as a dead letter). Asked only when the indexer meets a message it
 * cannot find stored; the last floor seen is remembered.
 */
export class JetStreamPersistProgress implements PersistProgressPort {
  private floor = 0;
  private jsm: JetStreamManager | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
  ) {}

  async handledThrough(streamSeq: number, waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    while (this.floor < streamSeq) {
      this.jsm ??= await jetstreamManager(this.nc);
      const info = await this.jsm.consumers.info(this.names.chatStream, this.names.chatConsumer);
      this.floor = Math.max(this.floor, info.ack_floor.stream_seq);
      if (this.floor >= streamSeq) break;
      if (Date.now() + POLL_MS > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return true;
  }
}
