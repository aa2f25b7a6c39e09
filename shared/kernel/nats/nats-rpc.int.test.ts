import { connect, type NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { TcpProxy } from '../../../bench/support/tcp-proxy';
import { uniqueId } from '../../../test/support/test-run';
import { NatsRequester } from './nats-rpc';

describe('NatsRequester (real NATS, the requester behind a proxy the test cuts)', () => {
  const proxy = new TcpProxy('127.0.0.1', 4222);
  let responder: NatsConnection;
  let requester: NatsConnection;
  beforeAll(async () => {
    await proxy.start();
    responder = await connect({ servers: process.env.NATS_URL });
    requester = await connect({ servers: `nats://127.0.0.1:${proxy.port}`, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  });
  afterAll(async () => {
    await requester.close();
    await responder.close();
    await proxy.stop();
  });

  it('a request whose answer was lost with the connection is asked again once it is back, within its deadline', async () => {
    const subject = `${process.env.NAME_PREFIX}rpc_${uniqueId()}`;
    let asked = 0;
    // Answers 400 ms late: the first answer leaves while the requester is cut off.
    responder.subscribe(subject, { callback: (_e, msg) => void (asked++, setTimeout(() => msg.respond(JSON.stringify({ n: asked })), 400)) });
    await responder.flush();
    const requests = new NatsRequester(requester);
    const started = Date.now();
    const answer = requests.request(subject, {}, z.object({ n: z.number() }), 8_000);
    await new Promise((r) => setTimeout(r, 100));
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 600));
    await proxy.restart();
    expect(await answer).toEqual({ n: 2 });
    expect(asked).toBe(2);
    expect(Date.now() - started).toBeLessThan(4_000); // a plain request would have waited out its 8 s
  });

  it('a request made while disconnected waits for the connection instead of a buffer that reconnecting drops', async () => {
    const subject = `${process.env.NAME_PREFIX}rpc_${uniqueId()}`;
    responder.subscribe(subject, { callback: (_e, msg) => void msg.respond(JSON.stringify({ ok: true })) });
    await responder.flush();
    const requests = new NatsRequester(requester);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 300));
    const answer = requests.request(subject, {}, z.object({ ok: z.boolean() }), 8_000);
    await new Promise((r) => setTimeout(r, 300));
    await proxy.restart();
    expect(await answer).toEqual({ ok: true });
  });

  it('just after a reconnect, "no responders" is the responders still reconnecting: asked again until they answer', async () => {
    const responderProxy = await new TcpProxy('127.0.0.1', 4222).start();
    const late = await connect({ servers: `nats://127.0.0.1:${responderProxy.port}`, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    try {
      const subject = `${process.env.NAME_PREFIX}rpc_${uniqueId()}`;
      late.subscribe(subject, { callback: (_e, msg) => void msg.respond(JSON.stringify({ ok: true })) });
      await late.flush();
      const requests = new NatsRequester(requester);
      // Both cut; the requester comes back first, the responder 500 ms later.
      await Promise.all([proxy.stop(), responderProxy.stop()]);
      await new Promise((r) => setTimeout(r, 300));
      await proxy.restart();
      await new Promise((r) => setTimeout(r, 300)); // reconnected: the request goes out at once, nobody listens yet
      const answer = requests.request(subject, {}, z.object({ ok: z.boolean() }), 5_000);
      await new Promise((r) => setTimeout(r, 500));
      await responderProxy.restart();
      expect(await answer).toEqual({ ok: true });
      // Outside that moment, nobody listening is answered at once.
      await new Promise((r) => setTimeout(r, 2_100));
      const started = Date.now();
      await expect(requests.request(`${subject}_nobody`, {}, z.object({}), 5_000)).rejects.toThrow(/no responders/i);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await late.close();
      await responderProxy.stop();
    }
  });

  it('gives up at its deadline while NATS stays away, as an outage', async () => {
    const requests = new NatsRequester(requester);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 200));
    try {
      await expect(requests.request('nobody', {}, z.object({}), 500)).rejects.toMatchObject({ name: 'ConnectionError' });
    } finally {
      await proxy.restart();
    }
  });
});
