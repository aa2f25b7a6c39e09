import { http } from '../../support/auth-harness';
import { eventually } from '../../support/eventually';

export type FeedUser = { id: string; username: string; token: string };

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** Follows (or with DELETE unfollows) through the core's HTTP API. */
export async function follow(core: string, follower: FeedUser, followee: FeedUser, method: 'POST' | 'DELETE' = 'POST'): Promise<void> {
  const res = await http(core, method, `/v1/users/${followee.id}/follow`, undefined, as(follower.token));
  if (res.status !== 204) throw new Error(`follow failed: ${res.status} ${res.text}`);
}

/** Publishes a post through an edge's POST /v1/posts; answers its id. */
export async function publishPost(edge: string, author: FeedUser, body: string): Promise<string> {
  const res = await http(edge, 'POST', '/v1/posts', { body }, as(author.token));
  if (res.status !== 202) throw new Error(`post failed: ${res.status} ${res.text}`);
  return res.body.post_id as string;
}

/** Waits until the core has stored the posts (they are in the reader's paged feed). */
export async function postsStored(core: string, reader: FeedUser, ids: string[]): Promise<void> {
  await eventually(async () => {
    const page = await http(core, 'GET', '/v1/feed?limit=100', undefined, as(reader.token));
    const have = new Set(page.body.items.map((p: { id: string }) => p.id));
    return ids.every((id) => have.has(id)) ? true : undefined;
  }, 10_000, 'the posts stored');
}
