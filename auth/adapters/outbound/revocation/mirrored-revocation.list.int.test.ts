import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { TcpProxy } from '../../../../bench/support/tcp-proxy';
import { until } from '../../../../test/support/eventually';
import { describeRevocationListContract } from '../../../application/ports/revocation-list.contract';
import { RedisRevocationList } from '../redis/redis-revocation.list';
import { MirroredRevocationList } from './mirrored-revocation.list';
import { createLogger } from '#kernel/logging/logger';
import { revocationSubject } from '#contracts/auth/revocation';

let infra: TestInfra;
const started: MirroredRevocationList[] = [];
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  started.forEach((m) => m.stop());
  await infra.close();
});

async function mirror(nc: NatsConnection = infra.nc): Promise<MirroredRevocationList> {
  const m = new MirroredRevocationList(new RedisRevocationList(infra.redis, infra.prefix), nc, infra.prefix, 900, createLogger('test', 'silent'));
  await m.start();
  started.push(m);
  return m;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const announce = (notice: object) => infra.nc.publish(revocationSubject(infra.prefix), JSON.stringify(notice));

describeRevocationListContract('MirroredRevocationList (real Redis and NATS)', async () => ({
  store: await mirror(),
  now: () => new Date(),
  elapse: (ms) => sleep(Math.max(0, ms)),
}));

describe('MirroredRevocationList', () => {
  it('loads revocations already in Redis when it starts', async () => {
    const token = randomUUID();
    await new RedisRevocationList(infra.redis, infra.prefix).revokeToken(token, nowSeconds() + 300);
    const m = await mirror();
    expect(await m.isRevoked(token, randomUUID())).toBe(true);
  });

  it("sees another instance's revocation through its NATS event, without asking Redis", async () => {
    const [here, there] = [await mirror(), await mirror()];
    const session = randomUUID();
    await there.revokeSession(session, 300);
    announce({ session_id: session, user_id: '1', reason: 'logout', revoked_at: new Date().toISOString() });
    await until(() => here.isRevoked(randomUUID(), session));
    // Proof that the answer came from the mirror: Redis no longer has it, the mirror still does.
    await infra.redis.del(`${infra.prefix}auth:revoked:session:${session}`);
    expect(await here.isRevoked(randomUUID(), session)).toBe(true);
  });

  it('answers from Redis while NATS is disconnected (events could be missed), and mirrors again once back', async () => {
    const proxy = await new TcpProxy('127.0.0.1', 4222).start();
    const nc = await connect({ servers: `nats://127.0.0.1:${proxy.port}`, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    const m = await mirror(nc);
    await proxy.stop();
    await sleep(300);
    const missed = randomUUID();
    await new RedisRevocationList(infra.redis, infra.prefix).revokeToken(missed, nowSeconds() + 300); // no event reaches m
    expect(await m.isRevoked(missed, randomUUID())).toBe(true);
    await proxy.restart();
    await until(async () => nc.info !== undefined && !nc.isClosed() && (await nc.flush().then(() => true)));
    await sleep(200);
    await infra.redis.del(`${infra.prefix}auth:revoked:token:${missed}`);
    expect(await m.isRevoked(missed, randomUUID())).toBe(true); // reloaded into the mirror on reconnect
    m.stop();
    await nc.close();
    await proxy.stop();
  });
});
