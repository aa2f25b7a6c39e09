import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError } from '../../client/sdk';
import { PlatformApi } from '../../client/sdk/platform-api';
import { freePort } from '../support/free-port';
import { TestPlatform } from '../support/platform-harness';

/** The HTTP half of the client library: its answers, and its errors as ClientError whatever comes back. */
describe('PlatformApi', () => {
  const platform = new TestPlatform();
  let proxyPage: Server;
  let proxyUrl: string;

  beforeAll(async () => {
    await platform.start();
    // What a misconfigured proxy answers: an HTML error page.
    proxyPage = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'));
    await new Promise<void>((resolve) => proxyPage.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxyPage.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxyPage.close(resolve));
    await platform.stop();
  });

  const urls = () => ({ auth: platform.auth.baseUrl, core: platform.cores[0].baseUrl, edge: platform.edges[0].baseUrl, ticketing: platform.edges[0].baseUrl });

  it('signs in and reads the user, rooms and history', async () => {
    const alice = await platform.user('alice');
    const room = await platform.room(alice.token);
    const tokens = await new PlatformApi(urls()).login(alice.username, 'password123');
    const api = new PlatformApi(urls(), () => tokens.access_token);
    expect(await api.me()).toMatchObject({ id: alice.id, username: alice.username });
    expect((await api.rooms()).items.map((r) => r.name)).toContain(room);
    expect(await api.history(room)).toEqual({ items: [] });
  });

  it("answers the service's error code and message", async () => {
    const alice = await platform.user('alice');
    const refused = await new PlatformApi(urls()).login(alice.username, 'wrong-password').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ClientError);
    expect(refused).toMatchObject({ code: 'unauthorized' });
    await expect(new PlatformApi(urls(), () => alice.token).history('no-such-room')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an answer that is not JSON is an internal error naming the status; a service that does not answer is unavailable', async () => {
    await expect(new PlatformApi({ ...urls(), auth: proxyUrl }).me()).rejects.toMatchObject({ code: 'internal', message: 'GET /v1/users/me: HTTP 502' });
    await expect(new PlatformApi({ ...urls(), auth: `http://127.0.0.1:${await freePort()}` }).me()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
