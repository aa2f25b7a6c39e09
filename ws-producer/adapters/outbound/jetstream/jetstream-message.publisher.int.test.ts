import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { PublicError } from '#kernel/errors/error-kind';
import type { ChatPublish } from '#contracts/chat/chat-payloads';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { chatStreams } from '#contracts/chat/chat-streams';
import { chatNames, type ChatNames } from '#contracts/chat/chat-subjects';
import { connectNats } from '#kernel/nats/nats-connection';
import { createLogger } from '#kernel/logging/logger';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { eventually } from '../../../../test/support/eventually';
import { rejectionOf } from '../../../../test/support/rejection';
import { TcpProxy } from '../../../../bench/support/tcp-proxy';
import { uniqueId } from '../../../../test/support/test-run';
import { describeMessagePublisherContract } from '../../../application/ports/message-publisher.contract';
import { JetStreamMessagePublisher } from './jetstream-message.publisher';

const chat = (room: string, clientMsgId: string): ChatPublish => ({
  message_id: randomUUID(),
  room,
  sender_id: '7',
  body: `body ${clientMsgId}`,
  client_msg_id: clientMsgId,
  sent_at: new Date().toISOString(),
});

describe('JetStreamMessagePublisher: the port contract', () => {
  let infra: TestInfra;
  const publishers: JetStreamMessagePublisher[] = [];
  beforeAll(async () => {
    infra = await connectTestInfra();
  });
  afterAll(async () => {
    for (const publisher of publishers) publisher.close();
    await infra.close();
  });

  // Each subject gets a stream of its own, so what it holds is exactly what the test published.
  describeMessagePublisherContract('JetStreamMessagePublisher (real JetStream)', async () => {
    const prefix = `${infra.prefix}${uniqueId(2)}_`;
    await ensureStreams(infra.nc, chatStreams(prefix));
    const names = chatNames(prefix);
    const publisher = new JetStreamMessagePublisher(infra.nc, names, 5_000);
    publishers.push(publisher);
    return {
      publisher,
      stored: async () => {
        const jsm = await jetstreamManager(infra.nc);
        const { first_seq: first, last_seq: last, messages } = (await jsm.streams.info(names.chatStream)).state;
        if (messages === 0) return [];
        const stored: ChatPublish[] = [];
        for (let seq = first; seq <= last; seq++) stored.push((await jsm.streams.getMessage(names.chatStream, { seq }))?.json() as ChatPublish);
        return stored;
      },
    };
  });
});

describe('JetStreamMessagePublisher (real NATS JetStream)', () => {
  let infra: TestInfra;
  let names: ChatNames;
  let publisher: JetStreamMessagePublisher;
  beforeAll(async () => {
    infra = await connectTestInfra();
    names = chatNames(infra.prefix);
    await ensureStreams(infra.nc, chatStreams(infra.prefix));
    publisher = new JetStreamMessagePublisher(infra.nc, names, 300);
  });
  afterAll(async () => {
    publisher.close();
    await infra.close();
  });

  it('resolves with the stream sequence once CHAT stored the message, with its payload and Nats-Msg-Id', async () => {
    const message = chat('pub-a', 'c1');
    const receipt = await publisher.publish(message, '7:c1');
    const stored = await (await jetstreamManager(infra.nc)).streams.getMessage(names.chatStream, { seq: receipt.streamSeq });
    expect(stored?.subject).toBe(names.chatRoom('pub-a'));
    expect(stored?.json()).toEqual(message);
    expect(stored?.header.get('Nats-Msg-Id')).toBe('7:c1');
  });

  it('a repeated Nats-Msg-Id is stored once: the retry answers the first sequence', async () => {
    const first = await publisher.publish(chat('pub-a', 'dup'), '7:dup');
    const again = await publisher.publish(chat('pub-a', 'dup'), '7:dup');
    expect(again.streamSeq).toBe(first.streamSeq);
  });

  it('many publishes in flight each get their own PubAck, in order', async () => {
    const receipts = await Promise.all(Array.from({ length: 500 }, (_, i) => publisher.publish(chat('pub-b', `m${i}`), `7:m${i}`)));
    const seqs = receipts.map((r) => r.streamSeq);
    expect(new Set(seqs).size).toBe(500);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('no stream for the subject: `unavailable` at once (no responders), not after the timeout', async () => {
    const orphan = new JetStreamMessagePublisher(infra.nc, chatNames(`${infra.prefix}nostream_`), 10_000);
    const started = Date.now();
    const error = await rejectionOf(orphan.publish(chat('pub-c', 'x'), '7:x'), PublicError);
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/no stream/) });
    expect(Date.now() - started).toBeLessThan(2_000);
    orphan.close();
  });

  it('a reply that never comes: `unavailable` after the timeout; a late PubAck answers no other publish', async () => {
    // Something that takes the subject but never answers stands in for a JetStream that does not confirm.
    const silentNames = chatNames(`${infra.prefix}silent_`);
    const silent = infra.nc.subscribe(silentNames.chatRoom('pub-d'));
    const replies: string[] = [];
    void (async () => {
      for await (const msg of silent) if (msg.reply) replies.push(msg.reply);
    })();
    const slow = new JetStreamMessagePublisher(infra.nc, silentNames, 300);
    const started = Date.now();
    const error = await rejectionOf(slow.publish(chat('pub-d', 'late'), '7:late'), PublicError);
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/no PubAck within 300 ms/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1_500);
    // A late PubAck answers nothing else: the publish waiting now (another reply token) still times out.
    const next = rejectionOf(slow.publish(chat('pub-d', 'next'), '7:next'), PublicError);
    infra.nc.publish(replies[0], JSON.stringify({ stream: 'x', seq: 1 }));
    expect(await next).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/no PubAck within 300 ms/) });
    // While its own PubAck answers it.
    const answered = slow.publish(chat('pub-d', 'own'), '7:own');
    await eventually(async () => (replies.length === 3 ? true : undefined), 2_000);
    infra.nc.publish(replies[2], JSON.stringify({ stream: 'x', seq: 42 }));
    expect((await answered).streamSeq).toBe(42);
    silent.unsubscribe();
    slow.close();
  });

  it('a JetStream refusal (a limit of the stream) is `unavailable` with JetStream’s reason', async () => {
    const { nc } = infra;
    const other = chatNames(`${infra.prefix}refuse_`);
    const jsm = await jetstreamManager(nc);
    // A stream whose subjects overlap nothing but whose limits refuse every message: max_msg_size 1.
    await jsm.streams.add({ name: other.chatStream, subjects: [other.chatSubjects], max_msg_size: 1 });
    const refused = new JetStreamMessagePublisher(nc, other, 2_000);
    const error = await rejectionOf(refused.publish(chat('pub-e', 'big'), '7:big'), PublicError);
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/message size exceeds maximum/i) });
    refused.close();
  });

  it('closing answers `unavailable` to publishes still waiting', async () => {
    const closing = new JetStreamMessagePublisher(infra.nc, chatNames(`${infra.prefix}closing_`), 10_000);
    const silent = infra.nc.subscribe(chatNames(`${infra.prefix}closing_`).chatRoom('pub-f'));
    const waiting = rejectionOf(closing.publish(chat('pub-f', 'w'), '7:w'), PublicError);
    await infra.nc.flush();
    closing.close();
    expect(await waiting).toMatchObject({ kind: 'unavailable' });
    silent.unsubscribe();
  });

  it('after close, a publish is refused at once and nothing reaches the stream', async () => {
    const closed = new JetStreamMessagePublisher(infra.nc, names, 10_000);
    closed.close();
    const before = (await (await jetstreamManager(infra.nc)).streams.info(names.chatStream)).state.messages;
    expect(await rejectionOf(closed.publish(chat('pub-g', 'after'), '7:after'), PublicError)).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/closed/) });
    expect((await (await jetstreamManager(infra.nc)).streams.info(names.chatStream)).state.messages).toBe(before);
  });

  it('NATS away: waiting and new publishes answer `unavailable` at once, not after the timeout; after the reconnect they are confirmed again', async () => {
    const proxy = await new TcpProxy('127.0.0.1', 4222).start();
    const nc = await connectNats(`nats://127.0.0.1:${proxy.port}`, 'publisher-test', createLogger('publisher-test', 'silent'));
    const cut = new JetStreamMessagePublisher(nc, names, 10_000);
    try {
      expect((await cut.publish(chat('pub-h', 'before'), '7:before')).streamSeq).toBeGreaterThan(0);
      const started = Date.now();
      await proxy.stop();
      await eventually(async () => ((await rejectionOf(cut.publish(chat('pub-h', 'away'), '7:away'), PublicError)).message.includes('connection lost') ? true : undefined));
      expect(Date.now() - started).toBeLessThan(5_000);
      await proxy.restart();
      await eventually(async () => (await cut.publish(chat('pub-h', 'back'), '7:back').then(
        (receipt) => receipt.streamSeq,
        () => undefined,
      )));
    } finally {
      cut.close();
      await nc.close();
      await proxy.stop();
    }
  }, 30_000);
});
