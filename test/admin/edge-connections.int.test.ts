import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { TestPlatform } from '../support/platform-harness';
import { bearer, joined } from '../messaging/support/messaging-helpers';

describe('GET /v1/admin/connections (the edge, over every edge)', () => {
  // Its own platform: the totals must be exact.
  const platform = new TestPlatform();
  let admin: { token: string };
  let user: { token: string };
  beforeAll(async () => {
    await platform.start({ edges: 2 });
    [admin, user] = [await platform.admin(), await platform.user()];
  }, 30_000);
  afterAll(() => platform.stop());

  const connections = (token?: string) => http(platform.edges[0].baseUrl, 'GET', '/v1/admin/connections', undefined, token ? bearer(token) : {});

  it('answers 401 without a token and 403 to a user without the admin role', async () => {
    expect((await connections()).status).toBe(401);
    const refused = await connections(user.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'admin role required' });
  });

  it('counts the sockets of both edges, per edge and per room, and a new socket adds one', async () => {
    const [edgeA, edgeB] = platform.edges;
    const room = await platform.room(user.token);
    const sockets = [await joined(edgeA.baseUrl, user.token, room), await joined(edgeB.baseUrl, user.token, room), await joined(edgeB.baseUrl, admin.token)];
    try {
      const before = await connections(admin.token);
      expect(before.status).toBe(200);
      expect(before.body).toEqual({
        total: 3,
        authenticated: 3,
        edges: [edgeA, edgeB].map((e) => ({ edge_id: e.edgeId, connections: e === edgeA ? 1 : 2, authenticated: e === edgeA ? 1 : 2 })).sort((a, b) => a.edge_id.localeCompare(b.edge_id)),
        rooms: [{ room, connections: 2 }],
      });
      sockets.push(await joined(edgeA.baseUrl, admin.token, room));
      const after = await eventually(async () => {
        const answer = await connections(admin.token);
        return answer.body.total === 4 ? answer.body : undefined;
      }, 5_000, 'the fourth socket counted');
      expect(after.rooms).toEqual([{ room, connections: 3 }]);
      expect(after.edges.find((e: { edge_id: string }) => e.edge_id === edgeA.edgeId).connections).toBe(2);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('is in the edge’s OpenAPI document, behind the bearer scheme', async () => {
    const document = (await http(platform.edges[0].baseUrl, 'GET', '/docs/openapi.json')).body;
    expect(document.paths['/v1/admin/connections'].get).toMatchObject({ tags: ['admin'], security: [{ bearer: [] }] });
  });
});
