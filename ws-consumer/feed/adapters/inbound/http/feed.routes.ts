import type { DependencyContainer } from 'tsyringe';
import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import { FeedPageSchema, FollowPageSchema, PageQuerySchema, PostParamsSchema, PostViewSchema, UserParamsSchema } from '../../../application/feed.schema';
import { GetPostUseCase } from '../../../application/use-cases/get-post/get-post.use-case';
import { LikePostUseCase } from '../../../application/use-cases/like-post/like-post.use-case';
import { FollowUserUseCase } from '../../../application/use-cases/follow-user/follow-user.use-case';
import { ListFollowsUseCase } from '../../../application/use-cases/list-follows/list-follows.use-case';
import { ReadFeedUseCase } from '../../../application/use-cases/read-feed/read-feed.use-case';

const TAG = 'feed';
const NO_POST = { 404: { description: 'No such post' } };
const NO_USER = { 404: { description: 'No such user' } };

/** The newsfeed's `/v1` routes on the core: posts, likes, follows and the paged feed. */
export function feedRoutes(c: DependencyContainer) {
  const getPost = c.resolve(GetPostUseCase);
  const likePost = c.resolve(LikePostUseCase);
  const follow = c.resolve(FollowUserUseCase);
  const follows = c.resolve(ListFollowsUseCase);
  const feed = c.resolve(ReadFeedUseCase);
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'get',
      path: '/v1/feed',
      tag: TAG,
      summary: 'Posts by the people you follow, newest first, in cursor pages (stable while others post)',
      auth: true,
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of posts', schema: FeedPageSchema }, 400: { description: 'A bad cursor or limit' } },
      handler: async ({ query, principal }) => ({ status: 200, body: await feed.run(principal.userId, query) }),
    });
    router.add({
      method: 'get',
      path: '/v1/posts/:id',
      tag: TAG,
      summary: 'One post, with likes_count and whether you like it',
      auth: true,
      params: PostParamsSchema,
      responses: { 200: { description: 'The post', schema: PostViewSchema }, ...NO_POST },
      handler: async ({ params, principal }) => ({ status: 200, body: await getPost.run(principal.userId, params.id) }),
    });
    for (const [method, liked] of [['post', true], ['delete', false]] as const) {
      router.add({
        method,
        path: '/v1/posts/:id/like',
        tag: TAG,
        summary: liked ? 'Like a post (liking twice changes nothing)' : 'Stop liking a post (idempotent)',
        auth: true,
        params: PostParamsSchema,
        responses: { 200: { description: 'The post as you now see it', schema: PostViewSchema }, ...NO_POST },
        handler: async ({ params, principal }) => ({ status: 200, body: await likePost.run(principal.userId, params.id, liked) }),
      });
    }
    router.add({
      method: 'post',
      path: '/v1/users/:id/follow',
      tag: TAG,
      summary: "Follow a user: their new posts join your feed (following twice changes nothing)",
      auth: true,
      params: UserParamsSchema,
      responses: { 204: { description: 'You follow them' }, 400: { description: 'That is you' }, ...NO_USER },
      handler: async ({ params, principal }) => (await follow.follow(principal.userId, params.id), { status: 204 }),
    });
    router.add({
      method: 'delete',
      path: '/v1/users/:id/follow',
      tag: TAG,
      summary: 'Stop following a user (idempotent)',
      auth: true,
      params: UserParamsSchema,
      responses: { 204: { description: 'You do not follow them' }, ...NO_USER },
      handler: async ({ params, principal }) => (await follow.unfollow(principal.userId, params.id), { status: 204 }),
    });
    for (const side of ['followers', 'following'] as const) {
      router.add({
        method: 'get',
        path: `/v1/users/:id/${side}`,
        tag: TAG,
        summary: side === 'followers' ? "A user's followers, newest first" : 'The people a user follows, newest first',
        auth: true,
        params: UserParamsSchema,
        query: PageQuerySchema,
        responses: { 200: { description: 'A page of users', schema: FollowPageSchema }, ...NO_USER },
        handler: async ({ params, query }) => ({ status: 200, body: await follows.run(params.id, side, query) }),
      });
    }
  };
}
