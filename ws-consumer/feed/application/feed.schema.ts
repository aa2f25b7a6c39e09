import { z } from 'zod';
import { UserIdSchema } from '#contracts/auth/user-id';
import type { FeedPost } from '#contracts/feed/feed-api';
import type { FollowEntry, Post } from '../domain/post.entity';

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
export const MAX_FEED_PAGE = 100;

/** A page cursor: the key (a positive whole number) of the last item of the previous page. */
const Cursor = z.preprocess(emptyAsAbsent, z.string().regex(/^[1-9]\d{0,17}$/, { error: 'cursor is not one this API gave out' }).transform(Number).optional()).meta({ description: 'next_cursor of the previous page' });
const Limit = z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(MAX_FEED_PAGE).default(20)).meta({ description: `page size, 1 to ${MAX_FEED_PAGE} (default 20)` });

export const PageQuerySchema = z.object({ cursor: Cursor, limit: Limit });
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const PostParamsSchema = z.object({ id: z.uuid({ error: 'post ids are UUIDs' }).meta({ example: '3f1c9a52-7e4b-4d21-9a0f-5c6e2b7d4a18' }) });
export const UserParamsSchema = z.object({ id: UserIdSchema.meta({ description: 'user id', example: '42' }) });

const UserRef = z.object({ id: z.string().meta({ example: '42' }), username: z.string().meta({ example: 'alice' }) });

export const PostViewSchema = z
  .object({
    id: z.string().meta({ example: '3f1c9a52-7e4b-4d21-9a0f-5c6e2b7d4a18' }),
    body: z.string().meta({ example: 'Doors open at seven!' }),
    image_urls: z.array(z.string()).meta({ example: ['https://images.example.com/stage.jpg'] }),
    created_at: z.string().meta({ example: '2026-12-03T09:15:27.512Z' }),
    user: UserRef,
    likes_count: z.number().int().meta({ example: 12 }),
    is_liked: z.boolean().meta({ description: 'whether you like it' }),
  })
  .meta({ id: 'Post' });
export type PostView = z.infer<typeof PostViewSchema>;

const nextCursor = z.string().optional().meta({ description: 'pass as cursor for the next page; absent on the last page', example: '1843' });
export const FeedPageSchema = z.object({ items: z.array(PostViewSchema), next_cursor: nextCursor }).meta({ id: 'FeedPage' });
export type FeedPage = z.infer<typeof FeedPageSchema>;

export const FollowPageSchema = z
  .object({ items: z.array(UserRef.extend({ since: z.string().meta({ description: 'when the follow began', example: '2026-11-28T17:02:45.118Z' }) })), next_cursor: nextCursor })
  .meta({ id: 'FollowPage' });
export type FollowPage = z.infer<typeof FollowPageSchema>;

export function postView(post: Post): PostView {
  return {
    id: post.id,
    body: post.body,
    image_urls: post.imageUrls,
    created_at: post.createdAt.toISOString(),
    user: post.author,
    likes_count: post.likesCount,
    is_liked: post.isLiked,
  };
}

/** A page from `limit + 1` items fetched: the cursor is the key of the page's last item when more follow. */
export function pageOf<T, V>(items: T[], limit: number, view: (item: T) => V, key: (item: T) => number): { items: V[]; next_cursor?: string } {
  const page = items.slice(0, limit);
  return { items: page.map(view), ...(items.length > limit ? { next_cursor: String(key(page[page.length - 1])) } : {}) };
}

export function followView(entry: FollowEntry) {
  return { ...entry.user, since: entry.since.toISOString() };
}

/** A post in the seed's payload shape, for the edges' live feed (SSE events and post:created frames). */
export function feedPost(post: Post): FeedPost {
  return {
    id: post.id,
    description: post.body,
    created_at: post.createdAt.toISOString(),
    user: post.author,
    is_liked: post.isLiked,
    image_urls: post.imageUrls,
    likes_count: post.likesCount,
  };
}
