import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { http } from '../support/auth-harness';

/** What an operator sees at LOG_LEVEL=info: a line per HTTP request and per WebSocket opened or closed, never one per frame. */
describe('logs at info', () => {
  const platform = new TestPlatform({}, { captureLogs: true });
  beforeAll(async () => {
    await platform.start();
  }, 30_000);
  afterAll(() => platform.stop());

  const lines = (msg: string) => platform.logs.filter((line) => line.msg === msg);

  it('one line per HTTP request, with method, path without its query, status and time; probes are not logged', async () => {
    await http(platform.cores[0].baseUrl, 'GET', '/v1/rooms?token=secret-looking', undefined);
    await http(platform.cores[0].baseUrl, 'GET', '/health');
    const requests = lines('http request').filter((line) => line.service === 'ws-consumer');
    expect(requests).toEqual([expect.objectContaining({ level: 30, method: 'GET', path: '/v1/rooms', status: 401, ms: expect.any(Number) })]);
    expect(JSON.stringify(platform.logs)).not.toContain('secret-looking');
  });

  it('one line when a WebSocket opens and one when it closes, none for its frames', async () => {
    const alice = await platform.user('logs');
    const before = platform.logs.length;
    const socket = await WsTestClient.connect(platform.edges[0].baseUrl, alice.token);
    await socket.waitFor((frame) => frame.type === 'system:connected');
    for (let i = 0; i < 5; i++) await socket.request('system:ping', {});
    socket.close();
    await socket.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const edgeLines = platform.logs.slice(before).filter((line) => line.service === 'ws-producer');
    expect(edgeLines.map((line) => line.msg)).toEqual(['websocket opened', 'websocket closed']);
    expect(edgeLines[0]).toMatchObject({ user: alice.id, connection: expect.any(String) });
    expect(edgeLines[1]).toMatchObject({ user: alice.id, code: expect.any(Number), seconds: expect.any(Number) });
  });
});
