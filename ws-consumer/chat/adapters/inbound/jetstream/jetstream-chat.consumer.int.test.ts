import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { eventually } from '../../../../../test/support/eventually';
import { createLogger } from '#kernel/logging/logger';
import { chatNames } from '#contracts/chat/chat-subjects';
import { deadLetterNames, ensureStreams } from '#kernel/nats/jetstream-streams';
import { chatStreams } from '#contracts/chat/chat-streams';
import type { PersistMessagesUseCase } from '../../../application/use-cases/persist-messages/persist-messages.use-case';
import { JetStreamChatConsumer } from './jetstream-chat.consumer';

describe('JetStreamChatConsumer (real JetStream): bounded redelivery', () => {
  let infra: TestInfra;
  beforeAll(async () => {
    infra = await connectTestInfra();
  });
  afterAll(async () => {
    await infra.close();
  });

  it('a message whose own persistence keeps failing is tried CONSUMER_MAX_DELIVER times, then dead-lettered and counted', async () => {
    const names = chatNames(infra.prefix);
    await ensureStreams(infra.nc, chatStreams(infra.prefix));
    const attempts: string[] = [];
    // The use case fails for this message itself (not an outage): a bug or data the store refuses.
    const failing = { run: async (batch: { messageId: string }[]) => (attempts.push(...batch.map((m) => m.messageId)), Promise.reject(new Error('boom'))) };
    const registry = new Registry();
    const consumer = new JetStreamChatConsumer(infra.nc, names, failing as unknown as PersistMessagesUseCase, { batchMax: 10, maxDeliver: 3, ackWaitSeconds: 5 }, createLogger('test', 'silent'), registry);
    await consumer.start();
    try {
      const message = { message_id: messageIdOf(idempotencyKey('1', 'c')), room: 'r', sender_id: '1', body: 'x', client_msg_id: 'c', sent_at: new Date().toISOString() };
      await jetstream(infra.nc).publish(names.chatRoom('r'), JSON.stringify(message));
      const jsm = await jetstreamManager(infra.nc);
      const letter = await eventually(() => jsm.streams.getMessage(deadLetterNames(infra.prefix).stream, { seq: 1 }).then((m) => m ?? undefined), 20_000, 'the dead letter');
      expect(letter.header.get('Rt-Dlq-Reason')).toBe('persist_failed: boom');
      expect(letter.header.get('Rt-Deliveries')).toBe('3');
      expect(attempts).toEqual([message.message_id, message.message_id, message.message_id]);
      expect(await registry.getSingleMetricAsString('realtime_dead_letters_total')).toContain('realtime_dead_letters_total{reason="persist_failed"} 1');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(attempts).toHaveLength(3); // terminated: never delivered again
    } finally {
      await consumer.stop();
    }
  }, 30_000);
});
