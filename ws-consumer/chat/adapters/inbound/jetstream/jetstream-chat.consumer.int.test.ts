import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { eventually } from '../../../../../test/support/eventually';
import { createLogger } from '#kernel/logging/logger';
import { chatNames } from '#contracts/chat/chat-subjects';
import { deadLetterNames, ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { chatStreams } from '#contracts/chat/chat-streams';
import type { PersistMessagesUseCase } from '../../../application/use-cases/persist-messages/persist-messages.use-case';
import { JetStreamChatConsumer, type ChatConsumerOptions } from './jetstream-chat.consumer';

const logger = createLogger('test', 'silent');

/** The consumer as chat.module.ts builds it, under `prefix`. */
const chatConsumer = (nc: TestInfra['nc'], prefix: string, persist: unknown, options: ChatConsumerOptions, registry = new Registry()) =>
  new JetStreamChatConsumer(nc, chatNames(prefix), persist as PersistMessagesUseCase, new DeadLetters(nc, prefix, 'chat', logger, registry), options, logger, registry);

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
    const consumer = chatConsumer(infra.nc, infra.prefix, failing, { batchMax: 10, maxDeliver: 3, ackWaitSeconds: 5 }, registry);
    await consumer.start();
    try {
      const message = { message_id: messageIdOf(idempotencyKey('1', 'c')), room: 'r', sender_id: '1', body: 'x', client_msg_id: 'c', sent_at: new Date().toISOString() };
      await jetstream(infra.nc).publish(names.chatRoom('r'), JSON.stringify(message));
      const jsm = await jetstreamManager(infra.nc);
      const letter = await eventually(() => jsm.streams.getMessage(deadLetterNames(infra.prefix).stream, { seq: 1 }).then((m) => m ?? undefined), 20_000, 'the dead letter');
      expect(letter.header.get('Rt-Dlq-Reason')).toBe('persist_failed: boom');
      expect(letter.header.get('Rt-Deliveries')).toBe('3');
      expect(attempts).toEqual([message.message_id, message.message_id, message.message_id]);
      expect(await registry.getSingleMetricAsString('realtime_dead_letters_total')).toContain('realtime_dead_letters_total{context="chat",reason="persist_failed"} 1');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(attempts).toHaveLength(3); // terminated: never delivered again
    } finally {
      await consumer.stop();
    }
  }, 30_000);

  it('takes over a durable consumer made by an earlier version: its ack wait becomes this one (30 s would hold a dead core\'s messages that long)', async () => {
    const prefix = `${infra.prefix}old_`;
    const names = chatNames(prefix);
    await ensureStreams(infra.nc, chatStreams(prefix));
    const jsm = await jetstreamManager(infra.nc);
    await jsm.consumers.add(names.chatStream, { durable_name: names.chatConsumer, ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000, filter_subject: names.chatSubjects });
    const consumer = chatConsumer(infra.nc, prefix, { run: async () => ({ stored: [], duplicates: [], unknownRoom: [] }) }, { batchMax: 10, maxDeliver: 3, ackWaitSeconds: 5 });
    await consumer.start();
    try {
      expect((await jsm.consumers.info(names.chatStream, names.chatConsumer)).config.ack_wait).toBe(5_000_000_000);
    } finally {
      await consumer.stop();
    }
  });

  it('waits out a database outage holding its batch, in order, and pulls nothing more meanwhile', async () => {
    const prefix = `${infra.prefix}wait_`;
    const names = chatNames(prefix);
    await ensureStreams(infra.nc, chatStreams(prefix));
    let down = true;
    const persisted: string[][] = [];
    const flaky = {
      run: async (batch: { clientMsgId: string }[]) => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        persisted.push(batch.map((m) => m.clientMsgId));
        return { stored: [], duplicates: [], unknownRoom: [] };
      },
    };
    const consumer = chatConsumer(infra.nc, prefix, flaky, { batchMax: 5, maxDeliver: 3, ackWaitSeconds: 5 });
    await consumer.start();
    try {
      const js = jetstream(infra.nc);
      for (let i = 0; i < 40; i++) {
        const id = `w${i}`;
        await js.publish(names.chatRoom('r'), JSON.stringify({ message_id: messageIdOf(idempotencyKey('1', id)), room: 'r', sender_id: '1', body: 'x', client_msg_id: id, sent_at: new Date().toISOString() }));
      }
      await new Promise((r) => setTimeout(r, 1_500));
      const jsm = await jetstreamManager(infra.nc);
      // Paused at the first failure: what it had asked for (2 × batchMax) and no more is out with it.
      expect((await jsm.consumers.info(names.chatStream, names.chatConsumer)).num_ack_pending).toBeLessThanOrEqual(10);
      down = false;
      await eventually(async () => (persisted.flat().length >= 40 ? true : undefined), 15_000, 'all persisted');
      expect(persisted.flat()).toEqual(Array.from({ length: 40 }, (_, i) => `w${i}`));
    } finally {
      await consumer.stop();
    }
  }, 30_000);
});
